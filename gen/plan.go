package gen

import (
	"sort"
	"strings"

	"github.com/stripesync/stripesync/openapi"
)

// tablePlan is the decision, before columns, of which tables exist and what fills them.
type tablePlan struct {
	name     string
	resource *openapi.Resource
	// parent is set for child tables: the parent resource and its list field.
	parent      string
	parentField string
	// perParent is true for one of several child tables of a multi-parent resource.
	perParent bool
	lists     []plannedList
}

// plannedList is a list endpoint feeding a table, with its parent when scoped.
type plannedList struct {
	op     *openapi.ListOp
	parent parentRef
}

// planTables decides the data tables: one per resource with an id that is
// listable or carried by an event, child tables for nested lists, and one
// child table per parent for items that cannot tell their parent.
func planTables(api *openapi.API) []*tablePlan {
	var plans []*tablePlan
	for _, r := range api.Resources {
		if !r.HasID || r.DeletedOf != "" {
			continue
		}
		lists := usableLists(api, r)
		if len(lists) == 0 && len(r.EventTypes) == 0 && len(r.Lists) == 0 {
			continue
		}
		plans = append(plans, planResource(api, r, lists)...)
	}
	sort.Slice(plans, func(i, j int) bool { return plans[i].name < plans[j].name })
	return plans
}

// usableLists returns the resource's list endpoints with their parents,
// canonical first: top-level before scoped, then the shorter path.
func usableLists(api *openapi.API, r *openapi.Resource) []plannedList {
	var out []plannedList
	for _, l := range r.Lists {
		if skippedLists[l.Path] {
			continue
		}
		if ref, ok := listParent(api, l); ok {
			out = append(out, plannedList{op: l, parent: ref})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if (a.parent.resource == "") != (b.parent.resource == "") {
			return a.parent.resource == ""
		}
		if canonicalName(r, a.op) != canonicalName(r, b.op) {
			return canonicalName(r, a.op)
		}
		if len(a.op.Path) != len(b.op.Path) {
			return len(a.op.Path) < len(b.op.Path)
		}
		return a.op.Path < b.op.Path
	})
	return out
}

// canonicalName reports whether the list path ends in the resource's own plural
// (/v1/balance_transactions rather than the /v1/balance/history alias).
func canonicalName(r *openapi.Resource, l *openapi.ListOp) bool {
	last := r.Name[strings.LastIndexByte(r.Name, '.')+1:]
	return strings.HasSuffix(l.Path, "/"+plural(last))
}

func planResource(api *openapi.API, r *openapi.Resource, lists []plannedList) []*tablePlan {
	parents := scopedParents(lists)
	if !hasTopLevel(lists) && len(parents) > 1 && !knowsParent(r, parents) {
		return perParentPlans(api, r, lists)
	}
	p := &tablePlan{name: tableName(r.Name), resource: r, lists: lists}
	if !hasTopLevel(lists) {
		if nested := nestingParents(api, r); len(nested) == 1 {
			p.parent, p.parentField = nested[0][0], nested[0][1]
		}
	}
	return []*tablePlan{p}
}

// perParentPlans makes one child table per parent list, e.g. checkout_session_line_items.
func perParentPlans(api *openapi.API, r *openapi.Resource, lists []plannedList) []*tablePlan {
	var out []*tablePlan
	for _, l := range lists {
		seg := l.op.Path[strings.LastIndexByte(l.op.Path, '/')+1:]
		name := childTableName(singular(l.parent.resource) + "_" + seg)
		p := &tablePlan{name: name, resource: r, parent: l.parent.resource, perParent: true, lists: []plannedList{l}}
		if pr := api.Resource(l.parent.resource); pr != nil {
			if prop := pr.Schema.Property(seg); prop != nil {
				p.parentField = seg
			}
		}
		out = append(out, p)
	}
	return out
}

// childTableNameOverrides holds Stripe Sigma's names for per-parent child tables.
var childTableNameOverrides = map[string]string{
	"checkout_session_line_items": "checkout_line_items",
}

func childTableName(name string) string {
	if n, ok := childTableNameOverrides[name]; ok {
		return n
	}
	return name
}

func hasTopLevel(lists []plannedList) bool {
	for _, l := range lists {
		if l.parent.resource == "" {
			return true
		}
	}
	return false
}

func scopedParents(lists []plannedList) []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range lists {
		if p := l.parent.resource; p != "" && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// knowsParent reports whether the resource has a property naming one of its
// parents (card.customer, card.account), so one table can hold all its rows.
func knowsParent(r *openapi.Resource, parents []string) bool {
	for _, p := range parents {
		last := p[strings.LastIndexByte(p, '.')+1:]
		if r.Schema.Property(last) != nil {
			return true
		}
	}
	return false
}

// nestingParents lists [parent resource, field] pairs whose top-level nested
// list holds items of r and is always present (not only when expanded): those
// items belong to their parent (invoice.lines), while expand-only lists such
// as customer.sources embed objects that live on their own.
func nestingParents(api *openapi.API, r *openapi.Resource) [][2]string {
	var out [][2]string
	for _, pr := range api.Resources {
		if pr.DeletedOf != "" || !pr.HasID {
			continue
		}
		for _, prop := range pr.Schema.Properties {
			s, _ := prop.Schema.Deref()
			if !prop.Required {
				continue
			}
			for _, item := range s.ListItems() {
				if item == r.Name {
					out = append(out, [2]string{pr.Name, prop.Name})
				}
			}
		}
	}
	return out
}
