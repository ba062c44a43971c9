package gen

import (
	"fmt"
	"strings"

	"github.com/stripesync/stripesync/gen/ir"
	"github.com/stripesync/stripesync/openapi"
)

// wireNestedLists records where the items of each embedded list go and which
// endpoint lists all of them when the embedded page says has_more.
func wireNestedLists(api *openapi.API, b *tableBuilder, plan *tablePlan, plans []*tablePlan, resTables map[string]string) error {
	for _, f := range b.lists {
		nl := &ir.NestedList{Field: f.name()}
		for _, item := range f.schema.ListItems() {
			table := itemTable(item, plan.resource.Name, f.name(), plans, resTables)
			if table == "" {
				return fmt.Errorf("gen: table %q: nested list %q holds %s, which has no table", plan.name, f.name(), item)
			}
			nl.Tables = append(nl.Tables, table)
			nl.ItemTypes = append(nl.ItemTypes, objectType(api, item))
		}
		nl.ExpandOnly = !isRequired(plan.resource, f.name())
		if op, param := nestedListEndpoint(api, plan.resource, f); op != nil {
			nl.ListPath, nl.ListParam, nl.Unpaginated = op.Path, param, op.Unpaginated
		}
		b.rule = "nested-list"
		col := b.addColumn(&ir.Column{Name: "_" + f.name() + "_has_more", Type: "boolean", Nullable: true, Kind: ir.ColBookkeeping,
			Rule: "nested-list", Reason: "has_more of the embedded " + f.name() + " list as last seen; the rest is fetched from its endpoint"})
		nl.HasMoreColumn = col.Name
		b.t.NestedLists = append(b.t.NestedLists, nl)
	}
	return nil
}

// itemTable is the table holding items of a nested list: the per-parent child
// table when the item resource is split by parent, else the item's own table.
func itemTable(item, parent, fieldName string, plans []*tablePlan, resTables map[string]string) string {
	for _, p := range plans {
		if p.perParent && p.resource.Name == item && p.parent == parent && p.parentField == fieldName {
			return p.name
		}
	}
	return resTables[item]
}

func objectType(api *openapi.API, resource string) string {
	if r := api.Resource(resource); r != nil {
		return r.ObjectType
	}
	return resource
}

func isRequired(r *openapi.Resource, name string) bool {
	p := r.Schema.Property(name)
	return p != nil && p.Required
}

// nestedListEndpoint finds the endpoint listing one parent's items: a path under
// the parent (/v1/invoices/{invoice}/lines) or a list filtered by the parent
// (/v1/subscription_items?subscription=).
func nestedListEndpoint(api *openapi.API, parent *openapi.Resource, f field) (*openapi.ListOp, string) {
	items := f.schema.ListItems()
	last := parent.Name[strings.LastIndexByte(parent.Name, '.')+1:]
	// Prefer the endpoint named after the field (/v1/quotes/{quote}/line_items
	// over .../computed_upfront_line_items), then any endpoint under the parent.
	for _, named := range []bool{true, false} {
		for _, l := range api.Lists {
			if skippedLists[l.Path] || !sameItems(l.Items, items) || named && !strings.HasSuffix(l.Path, "/"+f.name()) {
				continue
			}
			if ref, ok := listParent(api, l); ok && ref.resource == parent.Name && len(l.PathParams) == 1 {
				return l, ref.param
			}
		}
	}
	for _, l := range api.Lists {
		if !skippedLists[l.Path] && sameItems(l.Items, items) && len(l.PathParams) == 0 && l.Param(last) != nil {
			return l, last
		}
	}
	return nil, ""
}

func sameItems(a, b []string) bool {
	for _, x := range b {
		if !contains(a, x) {
			return false
		}
	}
	return len(b) > 0
}

// addLists records the endpoints feeding the table and makes sure rows from
// parent-scoped lists keep their parent id.
func addLists(api *openapi.API, b *tableBuilder, plan *tablePlan, resTables map[string]string) {
	for _, pl := range plan.lists {
		src := &ir.ListSource{Path: pl.op.Path, Params: pl.op.WideningParams(), Created: pl.op.Created, Unpaginated: pl.op.Unpaginated}
		if pl.parent.resource == "" {
			src.TestClockParam, src.TestClockTable = testClock(api, pl.op, resTables)
		}
		if len(pl.op.Items) > 1 {
			src.ItemTypes = append([]string(nil), pl.op.Items...)
		}
		if pl.parent.resource != "" {
			src.ParentTable = resTables[pl.parent.resource]
			src.ParentParam = pl.parent.param
			src.ParentColumn = parentColumn(b, pl.parent)
		}
		b.t.Lists = append(b.t.Lists, src)
	}
}

// parentColumn returns the column holding the parent id for a scoped list: the
// child table's parent column, a reference or text column naming the parent,
// or a new parent column.
func parentColumn(b *tableBuilder, ref parentRef) string {
	if b.t.Parent != nil && contains(b.t.Column(b.t.Parent.Column).Targets, ref.resource) {
		return b.t.Parent.Column
	}
	last := ref.resource[strings.LastIndexByte(ref.resource, '.')+1:]
	if c := refColumn(b.t, ref.resource); c != nil {
		return c.Name
	}
	for _, c := range b.t.Columns {
		if len(c.Path) == 1 && c.Kind == ir.ColScalar && c.Type == "text" && (c.Name == ref.param || c.Name == last) {
			return c.Name
		}
	}
	b.rule = "scoped-list"
	col := b.addColumn(&ir.Column{Name: singular(ref.resource) + "_id", Type: "text", Nullable: true, Kind: ir.ColParent,
		Rule: "scoped-list", Reason: "id of the " + ref.resource + " this row was listed under", Targets: []string{ref.resource}})
	moveAfterID(b.t, col)
	b.index(col.Name, "btree")
	return col.Name
}
