package backfill_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/runtime/backfill"
)

// listFacts are the list facts the generator put in the registry, as
// sorted "<table> <path>" (or "<table>.<field>") strings.
type listFacts struct {
	unpaginated, testClock, alsoScoped, expandOnList []string
}

func registryListFacts(reg *syncdb.Registry) listFacts {
	var f listFacts
	for _, t := range reg.Tables {
		for _, l := range t.Lists {
			if l.Unpaginated {
				f.unpaginated = append(f.unpaginated, t.Name+" "+l.Path)
			}
			if l.TestClockParam != "" {
				f.testClock = append(f.testClock, t.Name+" "+l.Path+"?"+l.TestClockParam+" "+l.TestClockTable.Name)
			}
			if l.AlsoScoped {
				f.alsoScoped = append(f.alsoScoped, t.Name+" "+l.Path)
			}
		}
		for _, nl := range t.NestedLists {
			if nl.Unpaginated {
				f.unpaginated = append(f.unpaginated, t.Name+"."+nl.Field+" "+nl.ListPath)
			}
			if nl.ExpandOnList {
				f.expandOnList = append(f.expandOnList, t.Name+"."+nl.Field)
			}
		}
	}
	return f
}

// TestRegistryListFacts pins what the generator derives from the pinned
// spec (pagination, test clock filters) and what its list policy adds:
// the sets the runtime hard-coded before the registry carried them.
func TestRegistryListFacts(t *testing.T) {
	f := registryListFacts(generated.Registry)
	want := listFacts{
		unpaginated: []string{"capabilities /v1/accounts/{account}/capabilities", "reporting_report_types /v1/reporting/report_types"},
		testClock: []string{
			"customers /v1/customers?test_clock test_helpers_test_clocks",
			"quotes /v1/quotes?test_clock test_helpers_test_clocks",
			"subscriptions /v1/subscriptions?test_clock test_helpers_test_clocks",
		},
		alsoScoped:   []string{"payment_methods /v1/customers/{customer}/payment_methods", "tax_ids /v1/customers/{customer}/tax_ids"},
		expandOnList: []string{"customers.sources", "customers.tax_ids"},
	}
	check := func(name string, got, want []string) {
		if !slices.Equal(got, want) {
			t.Errorf("%s:\n got  %s\n want %s", name, strings.Join(got, "; "), strings.Join(want, "; "))
		}
	}
	check("unpaginated", f.unpaginated, want.unpaginated)
	check("test clock", f.testClock, want.testClock)
	check("also scoped", f.alsoScoped, want.alsoScoped)
	check("expand on list", f.expandOnList, want.expandOnList)
}

// TestPlanListFacts: the planned jobs follow the registry's list facts.
func TestPlanListFacts(t *testing.T) {
	jobs, err := backfill.Plan(generated.Registry)
	if err != nil {
		t.Fatal(err)
	}
	var unpaginated, perClock, scoped []string
	for _, j := range jobs {
		if j.Unpaginated {
			unpaginated = append(unpaginated, j.Path)
		}
		if j.Parent != nil && j.Parent.Table.Name == "test_helpers_test_clocks" {
			perClock = append(perClock, j.String()+" "+j.Parent.Param)
		}
		if j.Parent != nil && j.Parent.Table.Name == "customers" && j.Path == "/v1/customers/{customer}/payment_methods" {
			scoped = append(scoped, j.String())
		}
	}
	slices.Sort(unpaginated)
	if want := "/v1/accounts/{account}/capabilities /v1/reporting/report_types"; strings.Join(unpaginated, " ") != want {
		t.Errorf("unpaginated jobs %v, want %s", unpaginated, want)
	}
	wantClock := "customers /v1/customers?test_clock={test_clock} test_clock; quotes /v1/quotes?test_clock={test_clock} test_clock; " +
		"subscriptions /v1/subscriptions?test_clock={test_clock} test_clock"
	if strings.Join(perClock, "; ") != wantClock {
		t.Errorf("per-test-clock jobs %v", perClock)
	}
	if len(scoped) != 1 {
		t.Errorf("customer-scoped payment methods jobs %v, want one besides /v1/payment_methods", scoped)
	}
}
