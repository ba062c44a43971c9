package backfill_test

import (
	"testing"
	"time"

	"github.com/stripesync/stripesync/runtime/backfill"
	"github.com/stripesync/stripesync/runtime/source"
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

// TestSweepStaleKeepsWhatItCannotVouchFor: after a re-backfill, rows the
// backfill did not write again go (customers deleted meanwhile), but not
// in tables whose endpoint refused the key (products: that listing saw
// nothing), and rows listed again stay (charges).
func TestSweepStaleKeepsWhatItCannotVouchFor(t *testing.T) {
	fake := synctest.NewFake(t)
	if err := fake.Seed(200); err != nil {
		t.Fatal(err)
	}
	db := synctest.NewDB(t)
	tables := []string{"customers", "charges", "products"}
	b := newBackfiller(t, db, fake.URL(), fake.Clock(), func(c *backfill.Config) { c.Tables = tables })
	if err := b.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	before := map[string]int{}
	for _, tb := range tables {
		if before[tb] = db.Count(t, tb); before[tb] == 0 {
			t.Fatalf("no %s seeded", tb)
		}
	}
	// everything stored is now older than the re-backfill; products are refused
	clock := fake.Clock().(*stripetest.FakeClock)
	clock.Advance(time.Minute)
	below := source.FetchVersion(clock.Now())
	clock.Advance(time.Minute)
	fake.RestrictKey(synctest.TestKey, "product")
	var custs []string
	for id := range fake.State().Objects["customer"] {
		if custs = append(custs, id); len(custs) == 2 {
			break
		}
	}
	for _, id := range custs {
		if err := fake.Delete(id); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.State.ResetCheckpoints(t.Context(), db.Pool); err != nil {
		t.Fatal(err)
	}
	if err := b.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	n, err := b.SweepStale(t.Context(), below)
	if err != nil || n != 2 {
		t.Fatalf("SweepStale deleted %d rows (%v), want the 2 deleted customers", n, err)
	}
	want := map[string]int{"customers": before["customers"] - 2, "charges": before["charges"], "products": before["products"]}
	for tb, w := range want {
		if got := db.Count(t, tb); got != w {
			t.Errorf("%s: %d rows, want %d", tb, got, w)
		}
	}
}
