package events_test

import (
	"testing"
	"time"

	"github.com/stripesync/stripesync/runtime/stripetest"
	"github.com/stripesync/stripesync/runtime/synctest"
)

// TestFollowCreatesUpdatesDeletes applies creates, updates and deletes
// made after the backfill, including a deleted customer (tombstone) and a
// canceled subscription (kept, status canceled).
func TestFollowCreatesUpdatesDeletes(t *testing.T) {
	t.Parallel()
	fake := synctest.NewFake(t)
	if err := fake.Seed(500); err != nil {
		t.Fatal(err)
	}
	r := newRig(t, fake)
	r.backfill(t)
	clock := fake.FakeClock()
	clock.Advance(2 * time.Second)
	cus, err := fake.Create("customer", map[string]any{"email": "ada@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Second)
	if _, err := fake.Update(cus.ID, map[string]any{"name": "Ada"}); err != nil {
		t.Fatal(err)
	}
	st := fake.State()
	var victim, sub string
	for id := range st.Objects["customer"] {
		if id != cus.ID {
			victim = id
			break
		}
	}
	for id := range st.Objects["subscription"] {
		sub = id
		break
	}
	clock.Advance(time.Second)
	if err := fake.Delete(victim); err != nil {
		t.Fatal(err)
	}
	if err := fake.Delete(sub); err != nil {
		t.Fatal(err)
	}
	ps := r.poll(t)
	if ps.Applied != 4 {
		t.Errorf("applied %d events, want 4", ps.Applied)
	}
	r.mirrors(t)
	var n int
	q := `SELECT count(*) FROM "stripesync"."tombstones" WHERE "table_name" = 'customers' AND "id" = $1`
	if err := r.db.Pool.QueryRow(t.Context(), q, victim).Scan(&n); err != nil || n != 1 {
		t.Errorf("tombstone of %s: %d %v", victim, n, err)
	}
	if ps := r.poll(t); ps.Applied != 0 {
		t.Errorf("second poll applied %d", ps.Applied)
	}
	if s := r.f.Stats(); s.Applied != 4 || s.Cursor == "" || s.Rows["customers"] == 0 {
		t.Errorf("stats %+v", s)
	}
}

// TestSameSecondBurst applies several updates of one object in one second
// (their order unknowable from created) and converges by refetching once
// the clock has passed that second.
func TestSameSecondBurst(t *testing.T) {
	t.Parallel()
	fake := synctest.NewFake(t)
	if err := fake.Seed(200); err != nil {
		t.Fatal(err)
	}
	r := newRig(t, fake)
	r.backfill(t)
	clock := fake.FakeClock()
	clock.Advance(time.Second)
	var id string
	for id = range fake.State().Objects["customer"] {
		break
	}
	for i := range 5 {
		if _, err := fake.Update(id, map[string]any{"description": "burst " + string(rune('a'+i))}); err != nil {
			t.Fatal(err)
		}
	}
	ps := r.poll(t)
	if ps.Applied != 5 {
		t.Fatalf("applied %d", ps.Applied)
	}
	if s := r.f.Stats(); s.RefetchQueued == 0 {
		t.Fatalf("no refetch queued for a same-second burst: %+v", s)
	}
	clock.Advance(time.Second)
	if err := r.f.CatchUp(t.Context()); err != nil {
		t.Fatal(err)
	}
	if s := r.f.Stats(); s.Refetched == 0 {
		t.Errorf("nothing refetched: %+v", s)
	}
	r.mirrors(t)
}

// TestLateDelivery applies an event that becomes visible only after newer
// ones, sorting behind the cursor: the lookback finds it.
func TestLateDelivery(t *testing.T) {
	t.Parallel()
	fake := synctest.NewFake(t)
	if err := fake.Seed(200); err != nil {
		t.Fatal(err)
	}
	r := newRig(t, fake)
	r.backfill(t)
	clock := fake.FakeClock()
	clock.Advance(time.Second)
	ids := customerIDs(fake, 2)
	changedAt := clock.Now()
	if _, err := fake.Update(ids[0], map[string]any{"name": "late"}, stripetest.NoEvent()); err != nil {
		t.Fatal(err)
	}
	clock.Advance(3 * time.Second)
	if _, err := fake.Update(ids[1], map[string]any{"name": "on time"}); err != nil {
		t.Fatal(err)
	}
	r.poll(t)
	if _, err := fake.Emit(ids[0], "customer.updated", stripetest.EventAt(changedAt)); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Second)
	if err := r.f.CatchUp(t.Context()); err != nil {
		t.Fatal(err)
	}
	r.mirrors(t)
}

// TestOtherAPIVersionRefetches does not apply a payload rendered at another
// API version and refetches the object at the pinned one instead.
func TestOtherAPIVersionRefetches(t *testing.T) {
	t.Parallel()
	fake := synctest.NewFake(t)
	if err := fake.Seed(200); err != nil {
		t.Fatal(err)
	}
	r := newRig(t, fake)
	r.backfill(t)
	clock := fake.FakeClock()
	clock.Advance(time.Second)
	id := customerIDs(fake, 1)[0]
	if _, err := fake.Update(id, map[string]any{"name": "old train"}, stripetest.EventAPIVersion("2024-09-30.acacia")); err != nil {
		t.Fatal(err)
	}
	r.poll(t)
	if s := r.f.Stats(); s.RefetchQueued != 1 {
		t.Fatalf("refetches queued: %+v", s)
	}
	clock.Advance(time.Second)
	if err := r.f.CatchUp(t.Context()); err != nil {
		t.Fatal(err)
	}
	r.mirrors(t)
	var v string
	q := `SELECT "_api_version" FROM "stripe"."customers" WHERE "id" = $1`
	if err := r.db.Pool.QueryRow(t.Context(), q, id).Scan(&v); err != nil || v != fake.APIVersion() {
		t.Errorf("api version %q %v", v, err)
	}
}

func customerIDs(fake *stripetest.Server, n int) []string {
	var out []string
	for id := range fake.State().Objects["customer"] {
		if len(out) == n {
			break
		}
		out = append(out, id)
	}
	return out
}
