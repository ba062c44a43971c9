package backfill_test

import (
	"testing"
	"time"

	"github.com/stripesync/stripesync/runtime/backfill"
	"github.com/stripesync/stripesync/runtime/stripetest"
	"github.com/stripesync/stripesync/runtime/synctest"
)

// TestSweepSkipsUnavailableTables: a full walk sweeps the rows Stripe no
// longer lists, but not after a job whose endpoint Stripe stopped serving
// to the key (403 for a lost permission): that walk saw nothing, and
// sweeping would delete every row of the table.
func TestSweepSkipsUnavailableTables(t *testing.T) {
	fake := synctest.NewFake(t)
	var ids []string
	for range 3 {
		o, err := fake.Create("terminal.location", nil)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, o.ID)
	}
	db := synctest.NewDB(t)
	b := newBackfiller(t, db, fake.URL(), fake.Clock(), func(c *backfill.Config) { c.Tables = []string{"terminal_locations"} })
	if err := b.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := db.Count(t, "terminal_locations"); n != 3 {
		t.Fatalf("backfilled %d locations, want 3", n)
	}

	fake.RestrictKey(synctest.TestKey, "terminal.location")
	fake.Clock().(*stripetest.FakeClock).Advance(time.Minute) // a sweep would remove every row
	st, err := b.Walk(t.Context(), backfill.WalkOptions{Sweep: true})
	if err != nil {
		t.Fatalf("walk with the permission gone: %v", err)
	}
	if n := db.Count(t, "terminal_locations"); st.Swept != 0 || n != 3 {
		t.Errorf("walk without the permission swept %d rows, %d left; want none swept", st.Swept, n)
	}

	fake.RestrictKey(synctest.TestKey)
	fake.Clock().(*stripetest.FakeClock).Advance(time.Minute) // the walk's rows are newer
	if err := fake.Delete(ids[0]); err != nil {
		t.Fatal(err)
	}
	st, err = b.Walk(t.Context(), backfill.WalkOptions{Sweep: true})
	if err != nil {
		t.Fatal(err)
	}
	if n := db.Count(t, "terminal_locations"); st.Swept != 1 || n != 2 {
		t.Errorf("walk with the permission back swept %d rows, %d left; want 1 swept, 2 left", st.Swept, n)
	}
}
