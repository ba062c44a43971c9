package gen

import (
	"github.com/stripesync/stripesync/gen/ir"
)

// previewTables are the upcoming-invoice tables: invoice columns keyed by the
// customer or subscription they preview, since previews have no lasting id.
func previewTables(s *ir.Schema, p Policy) []*ir.Table {
	inv := s.Table("invoices")
	if inv == nil {
		return nil
	}
	var out []*ir.Table
	for _, key := range []struct{ table, column, subject string }{
		{"upcoming_customer_invoices", "customer_id", "customer"},
		{"upcoming_subscription_invoices", "subscription_id", "subscription"},
	} {
		t := &ir.Table{Name: key.table, Schema: "data", Kind: ir.KindPreview, Resource: inv.Resource, ObjectType: inv.ObjectType,
			Domain: inv.Domain, Comment: "The invoice Stripe would create next for each " + key.subject + ", refreshed after events that can change it.",
			PrimaryKey: []string{key.column}, Constants: inv.Constants}
		b := newTableBuilder(t, p)
		if inv.Column(key.column) == nil {
			b.addColumn(&ir.Column{Name: key.column, Type: "text", Kind: ir.ColParent, Rule: "preview-key",
				Reason: "the " + key.subject + " this preview is for", Targets: []string{key.subject}})
		}
		for _, c := range inv.Columns {
			if c.Kind == ir.ColBookkeeping && c.Rule == "nested-list" {
				continue
			}
			cp := *c
			cp.Nullable = cp.Name != key.column
			if !cp.Nullable {
				cp.Rule, cp.Reason = "preview-key", "the "+key.subject+" this preview is for; "+cp.Reason
			}
			b.addColumn(&cp)
		}
		b.addColumn(&ir.Column{Name: "_lines", Type: "jsonb", Nullable: true, Kind: ir.ColBookkeeping, Rule: "preview-lines",
			Reason: "every line of the preview, fetched in full, as JSONB"})
		out = append(out, t)
	}
	return out
}
