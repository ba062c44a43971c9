package stripetest

import (
	"strings"
	"testing"
)

func testModel(t testing.TB) *model {
	t.Helper()
	m, err := pinnedModel()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestModelLinksParentsNestedListsAndEvents(t *testing.T) {
	m := testModel(t)
	groups := map[string]string{ // list path -> "field|parent"
		"/v1/subscription_items":                     "subscription|subscription",
		"/v1/invoices/{invoice}/lines":               "invoice|invoice",
		"/v1/accounts/{account}/persons":             "account|account",
		"/v1/application_fees/{id}/refunds":          "fee|application_fee",
		"/v1/credit_notes/{credit_note}/lines":       "|credit_note",
		"/v1/radar/value_list_items":                 "value_list|radar.value_list",
		"/v1/checkout/sessions/{session}/line_items": "|checkout.session",
		"/v1/customers":                              "|",
	}
	for path, want := range groups {
		d := m.lists[path]
		if d == nil {
			t.Errorf("no list %s", path)
			continue
		}
		parent := ""
		if d.group.parent != nil {
			parent = d.group.parent.name
		}
		if got := d.group.field + "|" + parent; got != want {
			t.Errorf("%s: scope %q, want %q", path, got, want)
		}
	}
	if m.lists["/v1/accounts/{account}/people"].group != m.lists["/v1/accounts/{account}/persons"].group {
		t.Error("people and persons should share a group")
	}
	nested := map[string]string{"invoice": "lines", "subscription": "items", "credit_note": "lines", "transfer": "reversals", "application_fee": "refunds"}
	for res, f := range nested {
		if n := m.kinds[res].nested[f]; n == nil || n.group == nil {
			t.Errorf("%s.%s is not linked to its list", res, f)
		}
	}
	if m.kinds["checkout.session"].includable["line_items"] == nil || m.kinds["customer"].includable["subscriptions"] == nil {
		t.Error("includable lists not linked")
	}
	if got := m.kinds["subscription"].events["updated"]; len(got) == 0 || got[0] != "customer.subscription.updated" {
		t.Errorf("subscription updated events %v", got)
	}
}

func TestModelDump(t *testing.T) {
	if !testing.Verbose() {
		t.Skip("dump only with -v")
	}
	m := testModel(t)
	for _, k := range m.kindList {
		var refs []string
		for _, r := range k.refs {
			var ts []string
			for _, x := range r.targets {
				ts = append(ts, x.name)
			}
			refs = append(refs, r.name+"->"+strings.Join(ts, "|"))
		}
		t.Logf("%-40s prefix=%q top=%v scoped=%d refs=%v events=%v", k.name, k.style.prefix, k.topLevel, len(k.scoped), refs, k.events)
	}
}
