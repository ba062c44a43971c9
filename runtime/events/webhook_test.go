package events_test

import (
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/stripesync/stripesync/runtime/events"
	"github.com/stripesync/stripesync/runtime/state"
	"github.com/stripesync/stripesync/runtime/stripetest"
	"github.com/stripesync/stripesync/runtime/synctest"
)

// TestApplyEvent: a webhook event goes through the polling apply path. Its
// row is there when ApplyEvent returns, the commit hook sees its object,
// the cursor does not move, a duplicate delivery and the later poll skip it,
// and invoice.upcoming is recorded, never stored as an invoice.
func TestApplyEvent(t *testing.T) {
	t.Parallel()
	fake := synctest.NewFake(t)
	if err := fake.Seed(50); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var seen []events.Applied
	r := newRig(t, fake, func(c *events.Config) {
		c.OnCommit = func(cm events.Commit) {
			mu.Lock()
			defer mu.Unlock()
			for _, a := range cm.Events {
				a.Object = append(json.RawMessage(nil), a.Object...)
				seen = append(seen, a)
			}
		}
	})
	r.backfill(t)
	before := cursor(t, r)
	fake.FakeClock().Advance(2 * time.Second)
	cus, err := fake.Create("customer", map[string]any{"email": "hook@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	all := fake.Events()
	ev := all[len(all)-1]
	if err := r.f.ApplyEvent(t.Context(), ev.JSON); err != nil {
		t.Fatal(err)
	}
	var email string
	if err := r.db.Pool.QueryRow(t.Context(), `SELECT email FROM "stripe"."customers" WHERE "id" = $1`, cus.ID).Scan(&email); err != nil || email != "hook@example.com" {
		t.Fatalf("row after ApplyEvent: %q %v", email, err)
	}
	if after := cursor(t, r); after != before {
		t.Errorf("ApplyEvent moved the cursor: %+v -> %+v", before, after)
	}
	mu.Lock()
	if len(seen) != 1 || seen[0].ID != ev.ID || seen[0].Type != "customer.created" || !json.Valid(seen[0].Object) ||
		!containsID(seen[0].Object, cus.ID) {
		t.Errorf("commit hook saw %+v", seen)
	}
	mu.Unlock()
	if err := r.f.ApplyEvent(t.Context(), ev.JSON); err != nil {
		t.Fatal(err)
	}
	if ps := r.poll(t); ps.Applied != 0 || ps.Duplicates < 1 {
		t.Errorf("poll after the webhook: %+v, want the event skipped", ps)
	}
	if s := r.f.Stats(); s.Applied != 1 || s.Duplicates < 2 {
		t.Errorf("stats %+v", s)
	}

	fake.FakeClock().Advance(time.Second)
	inv, err := fake.Create("invoice", nil, stripetest.NoEvent())
	if err != nil {
		t.Fatal(err)
	}
	up, err := fake.Emit(inv.ID, "invoice.upcoming")
	if err != nil {
		t.Fatal(err)
	}
	if err := r.f.ApplyEvent(t.Context(), up.JSON); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := r.db.Pool.QueryRow(t.Context(), `SELECT count(*) FROM "stripe"."invoices" WHERE "id" = $1`, inv.ID).Scan(&n); err != nil || n != 0 {
		t.Errorf("invoice.upcoming by webhook stored an invoice: %d %v", n, err)
	}
	if err := r.db.Pool.QueryRow(t.Context(), `SELECT count(*) FROM "stripesync"."processed_events" WHERE "event_id" = $1`, up.ID).Scan(&n); err != nil || n != 1 {
		t.Errorf("invoice.upcoming not recorded as processed: %d %v", n, err)
	}
	if err := r.f.ApplyEvent(t.Context(), []byte(`{"id":""}`)); err == nil {
		t.Error("an event without id or created was accepted")
	}
}

func cursor(t *testing.T, r *rig) state.Cursor {
	t.Helper()
	c, _, err := r.db.State.Cursor(t.Context(), r.db.Pool, state.EventsCursor)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func containsID(obj json.RawMessage, id string) bool {
	var o struct {
		ID string `json:"id"`
	}
	return json.Unmarshal(obj, &o) == nil && o.ID == id
}
