package relist_test

import (
	"testing"
	"time"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/runtime/backfill"
	"github.com/stripesync/stripesync/runtime/relist"
	"github.com/stripesync/stripesync/runtime/source"
	"github.com/stripesync/stripesync/runtime/synctest"
)

// TestRelistFindsChangesWithoutEvents: objects created and changed without
// events appear after an incremental walk; an object deleted without an
// event disappears (with a tombstone) after a full walk.
func TestRelistFindsChangesWithoutEvents(t *testing.T) {
	fake := synctest.NewFake(t)
	if err := fake.Seed(300); err != nil {
		t.Fatal(err)
	}
	var locs []string
	for range 3 {
		o, err := fake.Create("terminal.location", nil)
		if err != nil {
			t.Fatal(err)
		}
		locs = append(locs, o.ID)
	}
	db := synctest.NewDB(t)
	src, err := source.New(source.Config{Client: synctest.NewClient(t, fake.URL()), Registry: generated.Registry, Clock: fake.Clock()})
	if err != nil {
		t.Fatal(err)
	}
	bf, err := backfill.New(backfill.Config{DB: db.Pool, Source: src, Store: db.Store, State: db.State, DataSchema: synctest.DataSchema})
	if err != nil {
		t.Fatal(err)
	}
	if err := bf.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	r, err := relist.New(relist.Config{Backfiller: bf, Registry: generated.Registry, DB: db.Pool, State: db.State})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.RunOnce(t.Context(), false); err != nil {
		t.Fatal(err)
	}
	clock := fake.FakeClock()
	clock.Advance(time.Minute)
	if _, err := fake.Create("balance_transaction", nil); err != nil {
		t.Fatal(err)
	}
	if err := fake.Delete(locs[0]); err != nil {
		t.Fatal(err)
	}
	for id := range fake.State().Objects["subscription_item"] {
		if _, err := fake.Update(id, map[string]any{"quantity": 42}); err != nil {
			t.Fatal(err)
		}
		break
	}
	clock.Advance(time.Second)
	st, err := r.RunOnce(t.Context(), false)
	if err != nil {
		t.Fatal(err)
	}
	if st.Swept != 0 {
		t.Errorf("an incremental walk swept %d rows", st.Swept)
	}
	clock.Advance(time.Second)
	if st, err = r.RunOnce(t.Context(), true); err != nil {
		t.Fatal(err)
	}
	if st.Swept != 1 {
		t.Errorf("swept %d rows, want 1", st.Swept)
	}
	synctest.AssertMirrors(t, db, generated.Registry, fake.State())
	if s := r.Stats(); s.Walks != 3 || s.LastFull.IsZero() || s.Swept != 1 {
		t.Errorf("stats %+v", s)
	}
}

func TestTables(t *testing.T) {
	got := map[string]bool{}
	for _, n := range relist.Tables(generated.Registry) {
		got[n] = true
	}
	for _, want := range []string{"balance_transactions", "subscription_items", "webhook_endpoints", "terminal_locations", "accounts"} {
		if !got[want] {
			t.Errorf("%s not re-listed", want)
		}
	}
	for _, not := range []string{"events", "customers", "invoice_line_items", "charges"} {
		if got[not] {
			t.Errorf("%s re-listed", not)
		}
	}
}
