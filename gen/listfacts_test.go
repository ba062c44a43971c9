package gen_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/stripesync/stripesync/gen"
	"github.com/stripesync/stripesync/gen/ir"
	"github.com/stripesync/stripesync/openapi"
)

// listFacts collects what the model says about lists, as sorted strings.
func listFacts(s *ir.Schema) map[string][]string {
	out := map[string][]string{}
	add := func(kind, fact string) { out[kind] = append(out[kind], fact) }
	for _, t := range s.Tables {
		for _, l := range t.Lists {
			if l.Unpaginated {
				add("unpaginated", l.Path)
			}
			if l.TestClockParam != "" {
				add("test clock", t.Name+" "+l.Path+"?"+l.TestClockParam+" "+l.TestClockTable)
			}
			if l.AlsoScoped != nil {
				add("also scoped", t.Name+" "+l.Path+" "+l.AlsoScoped.Rule)
			}
		}
		for _, nl := range t.NestedLists {
			if nl.Unpaginated {
				add("unpaginated", t.Name+"."+nl.Field+" "+nl.ListPath)
			}
			if nl.ExpandOnList != nil {
				add("expand on list", t.Name+"."+nl.Field+" "+nl.ExpandOnList.Rule)
			}
		}
		if ss := t.SilentStates; ss != nil {
			add("silent states", t.Name+" "+ss.Column+"="+strings.Join(ss.Values, ",")+" "+ss.Rule)
		}
		if t.RetrievePath != "" {
			add("retrieve", t.Name+" "+t.RetrievePath)
		}
	}
	for _, v := range out {
		slices.Sort(v)
	}
	return out
}

func checkFacts(t *testing.T, got map[string][]string, want map[string]string) {
	t.Helper()
	for kind, w := range want {
		if g := strings.Join(got[kind], "; "); g != w {
			t.Errorf("%s:\n got  %s\n want %s", kind, g, w)
		}
	}
}

// TestListFactsHandWritten: on a spec unlike the pinned one (invoices take
// test_clock and customers do not; a list with limit but no starting_after),
// the model follows the spec, and the list policy applies where its
// resources exist (customer.sources and balance_transaction do not, so
// those rules stay unused).
func TestListFactsHandWritten(t *testing.T) {
	api, err := openapi.LoadFile("testdata/cases/lists/spec3.json")
	if err != nil {
		t.Fatal(err)
	}
	s, err := gen.Build(api)
	if err != nil {
		t.Fatal(err)
	}
	checkFacts(t, listFacts(s), map[string]string{
		"unpaginated":    "/v1/report_types; /v1/widgets/{widget}/parts; widgets.parts /v1/widgets/{widget}/parts",
		"test clock":     "invoices /v1/invoices?test_clock test_helpers_test_clocks",
		"also scoped":    "tax_ids /v1/customers/{customer}/tax_ids also-scoped",
		"expand on list": "customers.tax_ids expand-on-list",
		"silent states":  "",
		"retrieve": "customers /v1/customers/{customer}; invoices /v1/invoices/{invoice}; tax_ids /v1/tax_ids/{id}; " +
			"test_helpers_test_clocks /v1/test_helpers/test_clocks/{test_clock}; widgets /v1/widgets/{widget}",
	})
}

// TestListFactsPinned: at the pinned version the spec-derived sets are the
// ones the runtime once hard-coded, and every list policy rule applies.
func TestListFactsPinned(t *testing.T) {
	_, s := pinnedSchema(t)
	got := listFacts(s)
	checkFacts(t, got, map[string]string{
		"unpaginated": "/v1/accounts/{account}/capabilities; /v1/reporting/report_types",
		"test clock": "customers /v1/customers?test_clock test_helpers_test_clocks; " +
			"quotes /v1/quotes?test_clock test_helpers_test_clocks; " +
			"subscriptions /v1/subscriptions?test_clock test_helpers_test_clocks",
		"also scoped": "payment_methods /v1/customers/{customer}/payment_methods also-scoped; " +
			"tax_ids /v1/customers/{customer}/tax_ids also-scoped",
		"expand on list": "customers.sources expand-on-list; customers.tax_ids expand-on-list",
		"silent states":  "balance_transactions status=pending silent-states",
	})
	for _, want := range []string{"balance_transactions /v1/balance_transactions/{id}", "mandates /v1/mandates/{mandate}", "sources /v1/sources/{source}"} {
		if !slices.Contains(got["retrieve"], want) {
			t.Errorf("no retrieve path %s", want)
		}
	}
}
