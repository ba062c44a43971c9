package gen

import "github.com/stripesync/stripesync/gen/ir"

// The list policy: how Stripe's list endpoints behave where the spec says
// nothing. Each rule is named and carries its reason, recorded in the model
// (ir.ListPolicy) so the registry tells the runtime and the ERD tells people.
// A rule applies only where its resources and lists exist; the pinned-spec
// test checks that every rule still applies at the pinned version.
const (
	// ruleAlsoScoped marks a parent-scoped list that runs besides the
	// table's top-level list, which leaves rows out.
	ruleAlsoScoped = "also-scoped"
	// ruleExpandOnList marks an expand-only nested list that the parent's
	// top-level list expands instead of listing it once per parent.
	ruleExpandOnList = "expand-on-list"
	// ruleSilentStates marks a table whose rows, in some states, still
	// change without an event, so incremental re-lists revisit them (see
	// silentstates.go).
	ruleSilentStates = "silent-states"
)

// alsoScopedRule names a resource whose top-level list leaves rows out, so
// its list under the parent resource runs too.
type alsoScopedRule struct {
	resource, parent, reason string
}

// alsoScopedRules are the also-scoped rules.
var alsoScopedRules = []alsoScopedRule{
	{"tax_id", "customer", "/v1/tax_ids lists only the account's own tax ids (owner[type]=self by default), so each customer's tax ids are listed under the customer too"},
	{"payment_method", "customer", "/v1/payment_methods lists only Treasury payment methods, so each customer's payment methods are listed under the customer too"},
}

// expandOnListRule names an expand-only nested list (parent resource and
// field) that the parent's top-level list expands with expand[]=data.<field>.
type expandOnListRule struct {
	parent, field, reason string
}

// expandOnListRules are the expand-on-list rules.
var expandOnListRules = []expandOnListRule{
	{"customer", "sources", "Stripe sends customer.sources only when expanded; /v1/customers expands it (expand[]=data.sources), saving a request per customer"},
	{"customer", "tax_ids", "Stripe sends customer.tax_ids only when expanded; /v1/customers expands it (expand[]=data.tax_ids), saving a request per customer"},
}

// applyListPolicy records the list policy rules on the model's lists.
func applyListPolicy(s *ir.Schema, resTables map[string]string) {
	for _, r := range alsoScopedRules {
		t := s.Table(resTables[r.resource])
		if t == nil || resTables[r.parent] == "" || topLevelList(t) == nil {
			continue
		}
		if l := widestScoped(t, resTables[r.parent]); l != nil {
			l.AlsoScoped = &ir.ListPolicy{Rule: ruleAlsoScoped, Reason: r.reason}
		}
	}
	for _, r := range expandOnListRules {
		t := s.Table(resTables[r.parent])
		if t == nil || topLevelList(t) == nil {
			continue
		}
		for _, nl := range t.NestedLists {
			if nl.Field == r.field && nl.ExpandOnly && nl.ListPath != "" {
				nl.ExpandOnList = &ir.ListPolicy{Rule: ruleExpandOnList, Reason: r.reason}
			}
		}
	}
}

// topLevelList returns the table's first list that needs no parent id, or nil.
func topLevelList(t *ir.Table) *ir.ListSource {
	for _, l := range t.Lists {
		if l.ParentParam == "" {
			return l
		}
	}
	return nil
}

// widestScoped returns, among t's lists under the parent table, the one
// returning the most object types (the first on ties), or nil.
func widestScoped(t *ir.Table, parent string) *ir.ListSource {
	var best *ir.ListSource
	for _, l := range t.Lists {
		if l.ParentTable == parent && (best == nil || len(l.ItemTypes) > len(best.ItemTypes)) {
			best = l
		}
	}
	return best
}
