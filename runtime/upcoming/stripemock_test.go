package upcoming_test

import (
	"testing"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/internal/pgtest"
	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/runtime/synctest"
	"github.com/stripesync/stripesync/runtime/upcoming"
)

// TestCreatePreviewAgainstStripeMock sends the preview request to
// stripe-mock, which validates it against Stripe's spec, and stores the
// invoice Stripe's own fixtures answer with.
func TestCreatePreviewAgainstStripeMock(t *testing.T) {
	base := synctest.StartStripeMock(t, "-strict-version-check")
	pool := pgtest.NewPool(t)
	migrate(t, pool)
	store, err := syncdb.NewStore(dataSchema, stateSchema)
	if err != nil {
		t.Fatal(err)
	}
	r, err := upcoming.New(upcoming.Config{Client: newClient(t, base), DB: pool, Store: store, Registry: generated.Registry})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []upcoming.Subject{{Kind: upcoming.Subscription, ID: "sub_mock"}, {Kind: upcoming.Customer, ID: "cus_mock"}} {
		if err := r.Refresh(t.Context(), s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	var n int
	if err := pool.QueryRow(t.Context(), `SELECT count(*) FROM stripe.upcoming_subscription_invoices WHERE subscription_id = 'sub_mock'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("subscription preview rows: %d %v", n, err)
	}
}
