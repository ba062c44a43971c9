package main

import (
	"testing"
	"time"

	"github.com/stripesync/stripesync/runtime/stripetest"
)

// TestSyncRefreshesUpcomingInvoices: while sync follows events, a new
// subscription gets its upcoming-invoice row, and a change to it (one more
// item, then an update event) refreshes the row.
func TestSyncRefreshesUpcomingInvoices(t *testing.T) {
	t.Parallel()
	fake := stripetest.NewTestServer(t, stripetest.WithClock(stripetest.RealClock{}))
	db := migratedDB(t)
	env := syncEnv(db, fake.URL())
	env["STRIPESYNC_RELIST_INTERVAL"] = "0"
	s := startSyncer(t, "sync", env, "sync")
	s.waitOutput("following events", 60*time.Second)

	create := func(resource string, fields map[string]any, opts ...stripetest.Option) string {
		t.Helper()
		o, err := fake.Create(resource, fields, opts...)
		if err != nil {
			t.Fatalf("create %s: %v", resource, err)
		}
		return o.ID
	}
	cus := create("customer", nil)
	price := create("price", map[string]any{"unit_amount": 1500, "currency": "usd"})
	sub := create("subscription", map[string]any{"customer": cus, "status": "active"})
	for range 2 {
		create("subscription_item", map[string]any{"price": price, "quantity": 2}, stripetest.Parent(sub), stripetest.NoEvent())
	}
	// the subscription.created event may be applied before its items exist: nudge once more
	if _, err := fake.Update(sub, map[string]any{"metadata": map[string]string{"n": "2"}}); err != nil {
		t.Fatal(err)
	}
	total := func() int64 {
		return queryInt(t, db, `SELECT coalesce(max(total), -1) FROM stripe.upcoming_subscription_invoices WHERE subscription_id = $1`, sub)
	}
	if !waitFor(30*time.Second, func() bool { return total() == 2*3000 }) {
		t.Fatalf("no upcoming invoice row of %d for %s (got %d); output:\n%s", 2*3000, sub, total(), tail(s.out.String(), 20))
	}
	create("subscription_item", map[string]any{"price": price, "quantity": 2}, stripetest.Parent(sub), stripetest.NoEvent())
	if _, err := fake.Update(sub, map[string]any{"metadata": map[string]string{"n": "3"}}); err != nil {
		t.Fatal(err)
	}
	if !waitFor(30*time.Second, func() bool { return total() == 3*3000 }) {
		t.Fatalf("upcoming invoice not refreshed after the change (total %d)", total())
	}
	if c := s.terminate(30 * time.Second); c != 0 {
		t.Fatalf("SIGTERM: exit %d", c)
	}
}
