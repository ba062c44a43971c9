package source_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/runtime/source"
)

// TestVersionOrder pins the ordering the package doc promises.
func TestVersionOrder(t *testing.T) {
	s := time.Unix(1_750_000_000, 0)
	fetch, event := source.FetchVersion(s), source.EventVersion(s.Unix())
	next := source.FetchVersion(s.Add(time.Second))
	switch {
	case !(source.EventVersion(s.Unix()-1) < fetch):
		t.Error("a fetch must beat events of earlier seconds")
	case !(fetch < event):
		t.Error("an event must beat a fetch started in its second")
	case !(event < next):
		t.Error("a fetch started after an event's second must beat it")
	case !source.IsEventVersion(event) || source.IsEventVersion(fetch):
		t.Error("IsEventVersion")
	case source.VersionSecond(event) != s.Unix() || source.VersionSecond(fetch) != s.Unix():
		t.Error("VersionSecond")
	case source.FetchVersion(s.Add(999*time.Millisecond)) != fetch:
		t.Error("versions have one second of resolution")
	}
}

func TestObjectPath(t *testing.T) {
	reg := generated.Registry
	cases := []struct {
		table, id, raw, want string
	}{
		{"customers", "cus_1", `{}`, "/v1/customers/cus_1"},
		{"checkout_sessions", "cs_1", `{}`, "/v1/checkout/sessions/cs_1"},
		{"subscription_items", "si_1", `{}`, "/v1/subscription_items/si_1"},
		{"persons", "person_1", `{"account":"acct_1"}`, "/v1/accounts/acct_1/persons/person_1"},
		{"cards", "card_1", `{"customer":"cus_9"}`, "/v1/customers/cus_9/cards/card_1"},
		{"cards", "card_2", `{"account":{"id":"acct_2"}}`, "/v1/accounts/acct_2/external_accounts/card_2"},
		{"mandates", "mandate_1", `{}`, "/v1/mandates/mandate_1"},
		{"balance_transactions", "txn_1", `{}`, "/v1/balance_transactions/txn_1"},
		{"sources", "src_1", `{"customer":"cus_1"}`, "/v1/sources/src_1"},
		{"payment_methods", "pm_1", `{"customer":"cus_1"}`, "/v1/payment_methods/pm_1"},
	}
	for _, c := range cases {
		got, err := source.ObjectPath(reg.Table(c.table), c.id, []byte(c.raw))
		if err != nil || got != c.want {
			t.Errorf("%s %s: %q %v, want %q", c.table, c.id, got, err, c.want)
		}
	}
	none := []struct{ table, id, raw string }{
		{"persons", "person_2", `{}`},                 // names no account
		{"billing_portal_sessions", "bps_1", `{}`},    // the spec has no retrieve endpoint
		{"setup_attempts", "setatt_1", `{}`},          // listed by a filter, never retrieved
		{"discounts", "di_1", `{"customer":"cus_1"}`}, // carried by events only
	}
	for _, c := range none {
		if got, err := source.ObjectPath(reg.Table(c.table), c.id, []byte(c.raw)); !errors.Is(err, source.ErrNoRetrieve) {
			t.Errorf("%s %s: %q %v, want ErrNoRetrieve", c.table, c.id, got, err)
		}
	}
}

func TestExpandLists(t *testing.T) {
	reg := generated.Registry
	if got := source.ExpandLists(reg.Table("checkout_sessions")); len(got) != 1 || got[0] != "line_items" {
		t.Errorf("checkout sessions: %v", got)
	}
	if got := source.ExpandLists(reg.Table("customers")); len(got) != 0 {
		t.Errorf("customers expand resource lists: %v", got)
	}
}
