package diff_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stripesync/stripesync/gen/diff"
	"github.com/stripesync/stripesync/gen/ir"
)

// model returns a small model: a customers table and a state table.
func model() *ir.Schema {
	return &ir.Schema{
		APIVersion: "2025-05-28.basil", DataSchema: "stripe", StateSchema: "stripesync",
		InvoicePreview: ir.PreviewCreate,
		Tables: []*ir.Table{
			{
				Name: "customers", Schema: "data", Kind: ir.KindResource, Comment: "A customer.",
				PrimaryKey: []string{"id"},
				Columns: []*ir.Column{
					{Name: "id", Type: "text", Path: []string{"id"}, Kind: ir.ColScalar, ScalarType: "string"},
					{Name: "email", Type: "text", Nullable: true, Path: []string{"email"}, Kind: ir.ColScalar, ScalarType: "string", Comment: "Email."},
					{Name: "balance", Type: "bigint", Nullable: true, Path: []string{"balance"}, Kind: ir.ColScalar, ScalarType: "integer"},
					{Name: "price", Type: "text", Nullable: true, Path: []string{"pricing", "price"}, Kind: ir.ColScalar, ScalarType: "string"},
					{Name: "subscription_id", Type: "text", Nullable: true, Path: []string{"subscription"}, Kind: ir.ColRefID},
				},
				Indexes: []*ir.Index{
					{Name: "customers_price_idx", Columns: []string{"price"}, Method: "btree"},
					{Name: "customers_email_idx", Columns: []string{"email"}, Method: "btree"},
				},
			},
			{
				Name: "rebackfill", Schema: "state", Kind: ir.KindState, PrimaryKey: []string{"table_name"},
				Columns: []*ir.Column{{Name: "table_name", Type: "text", Kind: ir.ColState}},
			},
		},
	}
}

// describe renders changes one per line for comparison.
func describe(d *diff.Diff) string {
	var lines []string
	for _, c := range d.Changes {
		lines = append(lines, line(c))
	}
	return strings.Join(lines, "\n")
}

func line(c diff.Change) string {
	t := c.On().Name
	switch c := c.(type) {
	case *diff.AddTable:
		return "add table " + t + " " + c.Reason
	case *diff.DropTable:
		return "drop table " + t + " " + c.Reason
	case *diff.AddColumn:
		return "add column " + t + "." + c.Column.Name
	case *diff.DropColumn:
		return "drop column " + t + "." + c.Column.Name
	case *diff.RenameColumn:
		return "rename column " + t + "." + c.From.Name + " " + c.To.Name
	case *diff.ChangeType:
		return "type " + t + "." + c.To.Name + " " + c.From.Type + " " + c.To.Type
	case *diff.ChangeNull:
		return fmt.Sprintf("null %s.%s %v", t, c.To.Name, c.To.Nullable)
	case *diff.ChangeSource:
		return "source " + t + "." + c.To.Name
	case *diff.ChangeColumnComment:
		return "comment " + t + "." + c.To.Name
	case *diff.ChangeTableComment:
		return "comment " + t
	case *diff.AddIndex:
		return "add index " + c.Index.Name
	case *diff.DropIndex:
		return "drop index " + c.Index.Name
	case *diff.RenameIndex:
		return "rename index " + c.From.Name + " " + c.To.Name
	}
	return "?"
}

func TestSameModelIsEmpty(t *testing.T) {
	d := diff.Compare(model(), model())
	if !d.Empty() || len(d.Notes) != 0 || len(d.Rebackfill()) != 0 {
		t.Errorf("diff of a model with itself: %q, notes %q", describe(d), d.Notes)
	}
}

// TestWhitespaceInComments: the DDL collapses whitespace, so does the diff.
func TestWhitespaceInComments(t *testing.T) {
	to := model()
	to.Tables[0].Comment = "A\n  customer. "
	if d := diff.Compare(model(), to); !d.Empty() {
		t.Errorf("whitespace-only comment change gave %q", describe(d))
	}
}

func TestChanges(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(s *ir.Schema)
		want   string
	}{
		{"add and drop column", func(s *ir.Schema) {
			c := s.Tables[0]
			c.Columns = append(c.Columns[:2], c.Columns[3:]...) // drop balance
			c.Columns = append(c.Columns, &ir.Column{Name: "name", Type: "text", Nullable: true, Path: []string{"name"}, Kind: ir.ColScalar})
		}, "drop column customers.balance\nadd column customers.name"},
		{"moved field is not a rename", func(s *ir.Schema) {
			c := s.Tables[0]
			c.Columns[4] = &ir.Column{Name: "parent_subscription_id", Type: "text", Nullable: true,
				Path: []string{"parent", "subscription"}, Kind: ir.ColRefID}
		}, "drop column customers.subscription_id\nadd column customers.parent_subscription_id"},
		{"string becoming a reference is a rename, its index follows", func(s *ir.Schema) {
			c := s.Tables[0]
			c.Columns[3] = &ir.Column{Name: "price_id", Type: "text", Nullable: true, Path: []string{"pricing", "price"}, Kind: ir.ColRefID}
			c.Indexes[0] = &ir.Index{Name: "customers_price_id_idx", Columns: []string{"price_id"}, Method: "btree"}
		}, "rename column customers.price price_id\nrename index customers_price_idx customers_price_id_idx"},
		{"type change", func(s *ir.Schema) { s.Tables[0].Columns[2].Type = "jsonb" },
			"type customers.balance bigint jsonb"},
		{"nullability", func(s *ir.Schema) { s.Tables[0].Columns[1].Nullable = false },
			"null customers.email false"},
		{"source", func(s *ir.Schema) { s.Tables[0].Columns[1].Path = []string{"contact", "email"} },
			"source customers.email"},
		{"comments", func(s *ir.Schema) {
			s.Tables[0].Comment = "A person."
			s.Tables[0].Columns[1].Comment = "Address."
		}, "comment customers\ncomment customers.email"},
		{"index definition", func(s *ir.Schema) { s.Tables[0].Indexes[1].Unique = true },
			"drop index customers_email_idx\nadd index customers_email_idx"},
		{"primary key rebuilds", func(s *ir.Schema) {
			s.Tables[0].PrimaryKey = []string{"id", "email"}
			s.Tables[0].Columns[1].Nullable = false
		}, "drop table customers primary key changes from (id) to (id, email)\nadd table customers primary key changes from (id) to (id, email)"},
		{"tables", func(s *ir.Schema) {
			s.Tables[0] = &ir.Table{Name: "invoices", Schema: "data", PrimaryKey: []string{"id"},
				Columns: []*ir.Column{{Name: "id", Type: "text"}}}
		}, "drop table customers \nadd table invoices "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			to := model()
			c.mutate(to)
			if got := describe(diff.Compare(model(), to)); got != c.want {
				t.Errorf("got\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}

// TestRenameNeedsOneCandidate: two added columns reading the same field as a
// dropped one make the rename uncertain: drop and add instead.
func TestRenameNeedsOneCandidate(t *testing.T) {
	to := model()
	c := to.Tables[0]
	c.Columns[3] = &ir.Column{Name: "price_id", Type: "text", Nullable: true, Path: []string{"pricing", "price"}, Kind: ir.ColRefID}
	c.Columns = append(c.Columns, &ir.Column{Name: "price_text", Type: "text", Nullable: true, Path: []string{"pricing", "price"}, Kind: ir.ColScalar, ScalarType: "string"})
	c.Indexes = c.Indexes[1:]
	got := describe(diff.Compare(model(), to))
	if strings.Contains(got, "rename") || !strings.Contains(got, "drop column customers.price") {
		t.Errorf("ambiguous rename made:\n%s", got)
	}
}

func TestRebackfill(t *testing.T) {
	to := model()
	c := to.Tables[0]
	c.Columns[1].Path = []string{"contact", "email"}
	c.Columns[2].Type = "numeric"
	c.Columns = append(c.Columns, &ir.Column{Name: "name", Type: "text", Nullable: true, Kind: ir.ColScalar},
		&ir.Column{Name: "phone", Type: "text", Nullable: true, Kind: ir.ColScalar})
	c.Columns = append(c.Columns[:4], c.Columns[5:]...) // drop subscription_id: no re-backfill for that
	to.Tables = append(to.Tables, &ir.Table{Name: "invoices", Schema: "data", PrimaryKey: []string{"id"}, Columns: []*ir.Column{{Name: "id", Type: "text"}}},
		&ir.Table{Name: "cursor", Schema: "state", PrimaryKey: []string{"id"}, Columns: []*ir.Column{{Name: "id", Type: "text"}}})
	var got []string
	for _, r := range diff.Compare(model(), to).Rebackfill() {
		got = append(got, r.Table+": "+r.Reason()+" | "+r.Brief())
	}
	want := []string{
		"customers: columns added: name, phone; columns retyped: balance; columns with a new source: email" +
			" | 2 columns added; columns retyped: balance; columns with a new source: email",
		"invoices: new table | new table",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestNotes(t *testing.T) {
	from, to := model(), model()
	from.InvoicePreview = ir.PreviewUpcoming
	to.Tables[0].Kind = ir.KindChild
	to.Tables[0].Parent = &ir.ParentLink{Table: "accounts", Field: "customers"}
	got := strings.Join(diff.Compare(from, to).Notes, "\n")
	for _, want := range []string{
		"invoice previews: the API has /v1/invoices/create_preview (POST) instead of /v1/invoices/upcoming (GET)",
		"customers: now a child table (was resource)",
		"customers: rows now come from accounts.customers (was its own list endpoints)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("notes lack %q:\n%s", want, got)
		}
	}
	if !diff.Compare(from, to).Empty() {
		t.Error("notes alone make a non-empty diff")
	}
}

// TestPartialIndexPredicate: an index whose WHERE changes is dropped and
// created again; one that only gains a name keeps its predicate in the
// comparison (a rename needs the same WHERE).
func TestPartialIndexPredicate(t *testing.T) {
	partial := func(where string) *ir.Schema {
		m := model()
		m.Tables[0].Indexes[1].Where = where
		return m
	}
	if d := diff.Compare(partial(`"email" IN ('a')`), partial(`"email" IN ('a')`)); !d.Empty() {
		t.Errorf("same predicate: %s", describe(d))
	}
	want := "drop index customers_email_idx\nadd index customers_email_idx"
	if got := describe(diff.Compare(partial(`"email" IN ('a')`), partial(`"email" IN ('a', 'b')`))); got != want {
		t.Errorf("changed predicate:\n%s\nwant:\n%s", got, want)
	}
	if got := describe(diff.Compare(model(), partial(`"email" IN ('a')`))); got != want {
		t.Errorf("index made partial:\n%s\nwant:\n%s", got, want)
	}
	renamed := partial(`"email" IN ('b')`)
	renamed.Tables[0].Indexes[1].Name = "customers_email_b_idx"
	if got := describe(diff.Compare(partial(`"email" IN ('a')`), renamed)); strings.Contains(got, "rename") {
		t.Errorf("an index with another predicate was renamed:\n%s", got)
	}
}
