package gen

import (
	"fmt"
	"sort"

	"github.com/stripesync/stripesync/gen/ir"
	"github.com/stripesync/stripesync/openapi"
)

// Build turns the Stripe view of a spec into the database model with the
// default policy.
func Build(api *openapi.API) (*ir.Schema, error) {
	return BuildWith(api, DefaultPolicy)
}

// BuildWith turns the Stripe view of a spec into the database model.
func BuildWith(api *openapi.API, p Policy) (*ir.Schema, error) {
	plans := planTables(api)
	if len(plans) == 0 {
		return nil, fmt.Errorf("gen: spec %s yields no tables", api.Version)
	}
	s := &ir.Schema{APIVersion: api.Version, DataSchema: "stripe", StateSchema: "stripesync", InvoicePreview: invoicePreview(api)}
	byName := map[string]*tablePlan{}
	builders := map[string]*tableBuilder{}
	for _, plan := range plans {
		if byName[plan.name] != nil {
			return nil, fmt.Errorf("gen: table %q: resources %s and %s share the name", plan.name, byName[plan.name].resource.Name, plan.resource.Name)
		}
		byName[plan.name] = plan
	}
	resTables := resourceTables(plans)
	for _, plan := range plans {
		b := buildTable(plan, p, resTables)
		builders[plan.name] = b
		s.Tables = append(s.Tables, b.t)
	}
	for _, plan := range plans {
		b := builders[plan.name]
		if err := wireNestedLists(api, b, plan, plans, resTables); err != nil {
			return nil, err
		}
		addLists(api, b, plan, resTables)
		finishTable(b)
	}
	applyListPolicy(s, resTables)
	applySilentStates(api, s, resTables, p.MaxIdentifier)
	addEventsCreatedIndex(s, resTables, p.MaxIdentifier)
	s.Tables = append(s.Tables, previewTables(s, p)...)
	s.Tables = append(s.Tables, stateTables()...)
	addForeignKeys(s, resTables)
	if len(api.Fixtures) > 0 {
		if err := AddTargetPrefixes(s, api.Fixtures); err != nil {
			return nil, err
		}
	}
	if err := validate(s, p); err != nil {
		return nil, err
	}
	return s, nil
}

// resourceTables maps each resource to its one table; resources split into
// per-parent tables map to none.
func resourceTables(plans []*tablePlan) map[string]string {
	out := map[string]string{}
	for _, plan := range plans {
		if !plan.perParent {
			out[plan.resource.Name] = plan.name
		}
	}
	return out
}

// buildTable creates a table and its key and spec columns.
func buildTable(plan *tablePlan, p Policy, resTables map[string]string) *tableBuilder {
	r := plan.resource
	t := &ir.Table{
		Name:       plan.name,
		Schema:     "data",
		Kind:       ir.KindResource,
		Resource:   r.Name,
		ObjectType: r.ObjectType,
		Domain:     domainOf(r.Name),
		Comment:    cleanComment(r.Schema.Description),
		PrimaryKey: []string{"id"},
		Deletable:  r.Deletable || hasDeleteEvent(r.EventTypes),
	}
	t.RetrievePath = retrievePath(r, plan.lists)
	if !plan.perParent {
		t.EventTypes = append([]string(nil), r.EventTypes...)
	}
	b := newTableBuilder(t, p)
	b.rule = "primary-key"
	b.addColumn(&ir.Column{Name: "id", Type: "text", Path: []string{"id"}, Kind: ir.ColScalar, ScalarType: "string",
		Rule: "primary-key", Reason: "the object's Stripe id", Comment: cleanComment(propDescription(r, "id"))})
	for _, prop := range r.Schema.Properties {
		if prop.Name == "id" {
			continue
		}
		s, _ := prop.Schema.Deref()
		desc := prop.Description
		if desc == "" {
			desc = s.Description
		}
		b.place(field{path: []string{prop.Name}, schema: s, description: desc})
	}
	if plan.parent != "" && resTables[plan.parent] != "" || plan.perParent {
		addParent(b, plan, resTables)
	}
	return b
}

// addParent makes a child table: a parent id column (an expandable reference
// to the parent when the item has one, else a new column after id) and a
// position column.
func addParent(b *tableBuilder, plan *tablePlan, resTables map[string]string) {
	col := refColumn(b.t, plan.parent)
	if col == nil {
		col = b.addColumn(&ir.Column{Name: singular(plan.parent) + "_id", Type: "text", Nullable: !plan.perParent, Kind: ir.ColParent,
			Rule: "child-table", Reason: "id of the " + plan.parent + " whose list holds this row", Targets: []string{plan.parent}})
		moveAfterID(b.t, col)
	}
	pos := b.addColumn(&ir.Column{Name: "_position", Type: "integer", Nullable: true, Kind: ir.ColBookkeeping,
		Rule: "child-table", Reason: "position of the row in its parent's list, so lists rebuild in Stripe's order"})
	b.t.Kind = ir.KindChild
	b.t.Parent = &ir.ParentLink{Table: resTables[plan.parent], Column: col.Name, Field: plan.parentField, PositionColumn: pos.Name}
	if plan.perParent {
		b.t.PrimaryKey = []string{col.Name, "id"}
	}
	b.index(col.Name, "btree")
}

// refColumn returns a top-level expandable reference column pointing at resource.
func refColumn(t *ir.Table, resource string) *ir.Column {
	for _, c := range t.Columns {
		if c.Kind == ir.ColRefID && len(c.Path) == 1 && contains(c.Targets, resource) {
			return c
		}
	}
	return nil
}

// moveAfterID moves the last-added column c to just after the id column.
func moveAfterID(t *ir.Table, c *ir.Column) {
	cols := t.Columns[:len(t.Columns)-1]
	out := append([]*ir.Column{cols[0], c}, cols[1:]...)
	t.Columns = out
}

// finishTable appends the bookkeeping columns every data table carries.
func finishTable(b *tableBuilder) {
	for _, c := range bookkeepingColumns() {
		b.addColumn(c)
	}
	for _, c := range b.t.Columns {
		if c.Name == "id" || contains(b.t.PrimaryKey, c.Name) {
			c.Nullable = false
		}
	}
}

// bookkeepingColumns are the syncer's own columns, all starting with "_".
func bookkeepingColumns() []*ir.Column {
	book := func(name, typ, reason string) *ir.Column {
		return &ir.Column{Name: name, Type: typ, Nullable: true, Kind: ir.ColBookkeeping, Rule: "bookkeeping", Reason: reason}
	}
	extra := book("_extra", "jsonb", "every field the pinned spec does not know, so nothing Stripe returns is lost")
	extra.Kind = ir.ColExtra
	return []*ir.Column{
		extra,
		book("_api_version", "text", "API version the stored snapshot was rendered at"),
		book("_account_id", "text", "connected account the object belongs to (Connect); null for the platform"),
		book("_version", "bigint", "ordering version of the stored snapshot: an older snapshot never overwrites a newer one"),
		book("_content_hash", "bigint", "hash of the stored snapshot's JSON: between snapshots of the same version the larger hash wins, so every arrival order ends with the same row"),
		book("_synced_at", "timestamptz", "when the syncer last wrote the row"),
	}
}

func propDescription(r *openapi.Resource, name string) string {
	if p := r.Schema.Property(name); p != nil {
		return p.Description
	}
	return ""
}

func hasDeleteEvent(types []string) bool {
	for _, t := range types {
		if len(t) > 8 && t[len(t)-8:] == ".deleted" {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
