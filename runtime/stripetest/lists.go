package stripetest

import (
	"sort"
	"strings"

	"github.com/stripesync/stripesync/openapi"
)

// listDef is one list endpoint of the spec.
type listDef struct {
	op   *openapi.ListOp
	path string
	// group holds the objects the endpoint serves.
	group *listGroup
	// scopeParam is the path or query parameter naming the parent ("" at top level).
	scopeParam  string
	scopeInPath bool
	// events says this is /v1/events.
	events bool
	// filterable names the optional parameters applied as equality filters:
	// those every item kind has as a plain top-level field.
	filterable map[string]bool
	// hideCanceled says canceled subscriptions are left out unless a status
	// parameter asks for them (/v1/subscriptions, a customer's subscriptions).
	hideCanceled bool
}

// listGroup is a set of objects served by one or more list endpoints: the
// same item kinds under the same kind of parent. /v1/accounts/{account}/people
// and .../persons share a group, as do /v1/balance/history and
// /v1/balance_transactions.
type listGroup struct {
	id    string
	kinds []*kind
	// field is the child's field holding the parent id; "" with parent set
	// means the link is kept out of band (credit_note_line_item has no
	// credit_note field).
	field  string
	parent *kind
}

// scoped reports whether the group's objects live under a parent.
func (g *listGroup) scoped() bool { return g.field != "" || g.parent != nil }

// holds reports whether the group can hold objects of kind k.
func (g *listGroup) holds(k *kind) bool { return containsKind(g.kinds, k) }

// buildLists makes a listDef for every list operation and groups them.
func (m *model) buildLists() {
	groups := map[string]*listGroup{}
	for _, op := range m.api.Lists {
		d := &listDef{op: op, path: op.Path, events: op.Path == "/v1/events"}
		kinds := m.itemKinds(op)
		if len(kinds) == 0 && !d.events {
			continue
		}
		g := m.scopeOf(d, kinds)
		if old := groups[g.id]; old != nil {
			g = old
		} else {
			groups[g.id] = g
			m.groups = append(m.groups, g)
			for _, k := range kinds {
				k.groups = append(k.groups, g)
			}
		}
		d.group = g
		d.hideCanceled = containsKindName(kinds, "subscription") &&
			(d.path == "/v1/subscriptions" || d.scopeParam == "customer")
		d.filterable = filterableParams(op, kinds)
		m.lists[d.path] = d
		m.listList = append(m.listList, d)
	}
}

func (m *model) itemKinds(op *openapi.ListOp) []*kind {
	var out []*kind
	for _, name := range op.Items {
		if k := m.kinds[name]; k != nil {
			out = append(out, k)
		}
	}
	return out
}

// scopeOf decides which parameter scopes a list and how children point at
// their parent; it returns the list's group (possibly a duplicate of an
// existing one, deduplicated by id).
func (m *model) scopeOf(d *listDef, kinds []*kind) *listGroup {
	g := &listGroup{kinds: kinds}
	switch {
	case len(d.op.PathParams) > 0:
		d.scopeParam, d.scopeInPath = d.op.PathParams[len(d.op.PathParams)-1], true
		g.parent = m.parentOf(d.path, d.scopeParam)
		g.field = childField(kinds, g.parent, d.scopeParam)
	case len(d.op.RequiredParams()) > 0:
		d.scopeParam = d.op.RequiredParams()[0]
		g.field = childField(kinds, nil, d.scopeParam)
		if ref := refTo(kinds[0], g.field); ref != nil && g.field != "" {
			g.parent = ref.targets[0]
		} else {
			g.parent = m.namedKind(kinds[0], d.scopeParam)
		}
		if g.field == "" && g.parent == nil {
			d.scopeParam = ""
		}
	}
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = k.name
	}
	g.id = strings.Join(names, ",") + "|" + g.field
	if g.parent != nil {
		g.id += "|" + g.parent.name
	}
	if d.events {
		g.id = "event"
	}
	return g
}

// parentOf finds the kind a path parameter names: the items of the list at
// the path's prefix (/v1/invoices for /v1/invoices/{invoice}/lines), or else
// the resource named after it (/v1/tax/calculations -> tax.calculation).
func (m *model) parentOf(path, param string) *kind {
	prefix, _, _ := strings.Cut(path, "/{"+param+"}")
	for _, op := range m.api.Lists {
		if op.Path == prefix && len(op.Items) > 0 {
			return m.kinds[op.Items[0]]
		}
	}
	segs := strings.Split(strings.TrimPrefix(prefix, "/v1/"), "/")
	last := len(segs) - 1
	segs[last] = singular(segs[last])
	return m.kinds[strings.Join(segs, ".")]
}

// namedKind finds the kind a query parameter names, preferring the child's
// namespace (value_list on radar.value_list_item -> radar.value_list).
func (m *model) namedKind(child *kind, param string) *kind {
	if i := strings.LastIndex(child.name, "."); i >= 0 {
		if k := m.kinds[child.name[:i+1]+param]; k != nil {
			return k
		}
	}
	return m.kinds[param]
}

func singular(s string) string {
	switch {
	case strings.HasSuffix(s, "ies"):
		return strings.TrimSuffix(s, "ies") + "y"
	case strings.HasSuffix(s, "sses"), strings.HasSuffix(s, "xes"):
		return s[:len(s)-2]
	default:
		return strings.TrimSuffix(s, "s")
	}
}

// childField names the field every item kind uses to point at the parent:
// a reference to the parent kind, or a field named like the parameter or the
// parent. It returns "" when some kind has no such field.
func childField(kinds []*kind, parent *kind, param string) string {
	candidates := []string{param}
	if parent != nil {
		short := parent.name[strings.LastIndex(parent.name, ".")+1:]
		candidates = append(candidates, short)
		for _, r := range kinds[0].refs {
			if containsKind(r.targets, parent) {
				candidates = append([]string{r.name}, candidates...)
			}
		}
	}
	for _, c := range candidates {
		if c != "id" && allHaveStringField(kinds, c) {
			return c
		}
	}
	return ""
}

func allHaveStringField(kinds []*kind, field string) bool {
	for _, k := range kinds {
		p := k.res.Schema.Property(field)
		if p == nil {
			return false
		}
		sch, _ := p.Schema.Deref()
		if _, ok := sch.Expandable(); !ok && sch.Type != "string" {
			return false
		}
	}
	return true
}

func refTo(k *kind, field string) *refField {
	for _, r := range k.refs {
		if r.name == field {
			return r
		}
	}
	return nil
}

func containsKindName(ks []*kind, name string) bool {
	for _, k := range ks {
		if k.name == name {
			return true
		}
	}
	return false
}

// sortedGroups returns groups in a stable order (for deterministic choices).
func sortedGroups(gs []*listGroup) []*listGroup {
	out := append([]*listGroup(nil), gs...)
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// filterableParams finds the list parameters that are plain top-level
// fields of every item kind (customer, status, object ...).
func filterableParams(op *openapi.ListOp, kinds []*kind) map[string]bool {
	out := map[string]bool{}
	for _, p := range op.Params {
		if len(kinds) > 0 && allHaveScalarField(kinds, p.Name) {
			out[p.Name] = true
		}
	}
	return out
}

func allHaveScalarField(kinds []*kind, field string) bool {
	for _, k := range kinds {
		p := k.res.Schema.Property(field)
		if p == nil {
			return false
		}
		sch, _ := p.Schema.Deref()
		_, expandable := sch.Expandable()
		switch {
		case expandable, sch.Type == "string", sch.Type == "boolean":
		default:
			return false
		}
	}
	return true
}
