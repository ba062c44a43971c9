package cli

import (
	"testing"

	"github.com/stripesync/stripesync/generated"
)

func TestRelistTables(t *testing.T) {
	got := map[string]bool{}
	for _, name := range relistTables(generated.Registry) {
		got[name] = true
	}
	for _, want := range []string{"balance_transactions", "webhook_endpoints", "shipping_rates"} {
		if !got[want] {
			t.Errorf("%s is not re-listed", want)
		}
	}
	for _, not := range []string{"events", "customers", "invoices"} {
		if got[not] {
			t.Errorf("%s is re-listed although events keep it current", not)
		}
	}
}
