package state_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/stripesync/stripesync/runtime/state"
	"github.com/stripesync/stripesync/runtime/synctest"
)

func TestStateRoundTrips(t *testing.T) {
	t.Parallel()
	db := synctest.NewDB(t)
	ctx, s := t.Context(), db.State
	tx := func(f func(tx pgx.Tx) error) {
		t.Helper()
		if err := state.InTx(ctx, db.Pool, f); err != nil {
			t.Fatal(err)
		}
	}
	tx(func(tx pgx.Tx) error {
		if err := s.SaveCheckpoint(ctx, tx, state.Checkpoint{Table: "customers", Segment: "/v1/customers", Cursor: "cus_9", Objects: 100}); err != nil {
			return err
		}
		return s.SaveCheckpoint(ctx, tx, state.Checkpoint{Table: "charges", Segment: "/v1/charges", Done: true, Objects: 7})
	})
	ck, err := s.Checkpoints(ctx, db.Pool)
	if err != nil || len(ck) != 2 || ck[state.Key{Table: "customers", Segment: "/v1/customers"}].Cursor != "cus_9" ||
		!ck[state.Key{Table: "charges", Segment: "/v1/charges"}].Done {
		t.Fatalf("checkpoints %+v %v", ck, err)
	}
	tx(func(tx pgx.Tx) error { return s.ResetCheckpoints(ctx, tx, "charges") })
	if ck, _ = s.Checkpoints(ctx, db.Pool); len(ck) != 1 {
		t.Errorf("after reset: %+v", ck)
	}

	if _, ok, err := s.Cursor(ctx, db.Pool, state.EventsCursor); ok || err != nil {
		t.Fatalf("cursor before saving: %v %v", ok, err)
	}
	at := time.Unix(1_750_000_000, 0)
	tx(func(tx pgx.Tx) error {
		return s.SaveCursor(ctx, tx, state.EventsCursor, state.Cursor{EventID: "evt_1", Created: at})
	})
	if c, ok, err := s.Cursor(ctx, db.Pool, state.EventsCursor); !ok || err != nil || c.EventID != "evt_1" || !c.Created.Equal(at) {
		t.Errorf("cursor %+v %v %v", c, ok, err)
	}

	tx(func(tx pgx.Tx) error {
		return s.MarkProcessed(ctx, tx, []state.ProcessedEvent{{ID: "evt_1", Type: "customer.created", Created: at},
			{ID: "evt_2", Type: "customer.updated", Created: at.Add(40 * 24 * time.Hour)}})
	})
	tx(func(tx pgx.Tx) error {
		return s.MarkProcessed(ctx, tx, []state.ProcessedEvent{{ID: "evt_1", Type: "x", Created: at}})
	})
	done, err := s.Processed(ctx, db.Pool, []string{"evt_1", "evt_2", "evt_3"})
	if err != nil || !done["evt_1"] || !done["evt_2"] || done["evt_3"] {
		t.Errorf("processed %v %v", done, err)
	}
	var pruned int64
	tx(func(tx pgx.Tx) error { pruned, err = s.PruneProcessed(ctx, tx, at.Add(time.Hour)); return err })
	if pruned != 1 {
		t.Errorf("pruned %d", pruned)
	}
}

// TestRefetchQueue: a request queued twice keeps the later NotBefore, only
// due requests come back, and a request queued again while it was being
// served survives DoneRefetch.
func TestRefetchQueue(t *testing.T) {
	t.Parallel()
	db := synctest.NewDB(t)
	ctx, s := context.Background(), db.State
	q := func(reqs ...state.Refetch) {
		t.Helper()
		if err := state.InTx(ctx, db.Pool, func(tx pgx.Tx) error { return s.QueueRefetch(ctx, tx, reqs...) }); err != nil {
			t.Fatal(err)
		}
	}
	q(state.Refetch{Table: "customers", ID: "cus_1", Path: "/v1/customers/cus_1", NotBefore: 10},
		state.Refetch{Table: "customers", ID: "cus_1", Path: "/v1/customers/cus_1", NotBefore: 12},
		state.Refetch{Table: "charges", ID: "ch_1", Path: "/v1/charges/ch_1", NotBefore: 5})
	q(state.Refetch{Table: "customers", ID: "cus_1", Path: "/v1/customers/cus_1", NotBefore: 11})
	due, n, err := s.DueRefetches(ctx, db.Pool, 11, 10)
	if err != nil || n != 2 || len(due) != 1 || due[0].ID != "ch_1" {
		t.Fatalf("due at 11: %+v of %d, %v", due, n, err)
	}
	due, _, _ = s.DueRefetches(ctx, db.Pool, 12, 10)
	if len(due) != 2 {
		t.Fatalf("due at 12: %+v", due)
	}
	q(state.Refetch{Table: "customers", ID: "cus_1", Path: "/v1/customers/cus_1", NotBefore: 20})
	err = state.InTx(ctx, db.Pool, func(tx pgx.Tx) error {
		for _, r := range due {
			if err := s.DoneRefetch(ctx, tx, r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if due, n, _ = s.DueRefetches(ctx, db.Pool, 30, 10); n != 1 || len(due) != 1 || due[0].NotBefore != 20 {
		t.Errorf("after done: %+v of %d", due, n)
	}
}

func TestRebackfillRequests(t *testing.T) {
	t.Parallel()
	db := synctest.NewDB(t)
	ctx, s := context.Background(), db.State
	err := state.InTx(ctx, db.Pool, func(tx pgx.Tx) error {
		if err := s.SaveCheckpoint(ctx, tx, state.Checkpoint{Table: "customers", Segment: "/v1/customers", Done: true}); err != nil {
			return err
		}
		return s.RequestRebackfill(ctx, tx, "column added", "2025-05-28.basil", "customers")
	})
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	err = state.InTx(ctx, db.Pool, func(tx pgx.Tx) error { tables, err = s.StartRebackfill(ctx, tx); return err })
	if err != nil || len(tables) != 1 || tables[0] != "customers" {
		t.Fatalf("start: %v %v", tables, err)
	}
	if ck, _ := s.Checkpoints(ctx, db.Pool); len(ck) != 0 {
		t.Errorf("checkpoints kept: %+v", ck)
	}
	if reqs, _ := s.Rebackfills(ctx, db.Pool); len(reqs) != 0 {
		t.Errorf("requests kept: %+v", reqs)
	}
}

// TestRefetchQueueMovesLegacyRequests: requests an older build kept in
// sync_state ("refetch/<table>/<id>") move into refetch_queue at the first
// read, keeping the later NotBefore when the object is queued in both, and
// the queue serves only due requests, oldest first, up to the limit.
func TestRefetchQueueMovesLegacyRequests(t *testing.T) {
	t.Parallel()
	db := synctest.NewDB(t)
	ctx := t.Context()
	legacy := map[string]state.Refetch{
		"refetch/customers/cus_old": {Table: "customers", ID: "cus_old", Path: "/v1/customers/cus_old", NotBefore: 3, Reason: "api_version"},
		"refetch/charges/ch_both":   {Table: "charges", ID: "ch_both", Path: "/v1/charges/ch_both", NotBefore: 50, Reason: "same second"},
	}
	for k, r := range legacy {
		if err := db.State.SetValue(ctx, db.Pool, k, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.State.SetValue(ctx, db.Pool, "cli.other", 1); err != nil {
		t.Fatal(err)
	}
	s, err := state.New(synctest.StateSchema) // a new process: moves once
	if err != nil {
		t.Fatal(err)
	}
	err = state.InTx(ctx, db.Pool, func(tx pgx.Tx) error {
		return s.QueueRefetch(ctx, tx, state.Refetch{Table: "charges", ID: "ch_both", Path: "/v1/charges/ch_both", NotBefore: 10},
			state.Refetch{Table: "invoices", ID: "in_late", Path: "/v1/invoices/in_late", NotBefore: 100})
	})
	if err != nil {
		t.Fatal(err)
	}
	due, n, err := s.DueRefetches(ctx, db.Pool, 60, 10)
	if err != nil || n != 3 || len(due) != 2 || due[0].ID != "cus_old" || due[0].Reason != "api_version" ||
		due[1].ID != "ch_both" || due[1].NotBefore != 50 {
		t.Fatalf("due %+v of %d (%v), want cus_old then ch_both at 50 of 3", due, n, err)
	}
	if vals, _ := db.State.ValuesWithPrefix(ctx, db.Pool, "refetch/"); len(vals) != 0 {
		t.Errorf("%d legacy requests left in sync_state", len(vals))
	}
	var other int
	if ok, err := db.State.Value(ctx, db.Pool, "cli.other", &other); !ok || err != nil || other != 1 {
		t.Errorf("an unrelated value was touched: %v %v %d", ok, err, other)
	}
	if due, _, _ := s.DueRefetches(ctx, db.Pool, 60, 1); len(due) != 1 || due[0].ID != "cus_old" {
		t.Errorf("limit 1: %+v", due)
	}
}
