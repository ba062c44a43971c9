package syncer_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/runtime/stripetest"
	"github.com/stripesync/stripesync/runtime/synctest"
)

// TestBackfillUnderFaults: with 10% of requests answered 500 and bursts of
// 429 with Retry-After, the backfill completes with the right data, the
// stats show the throttling, and nothing says complete before it is: the
// first time the progress or the syncer reports completion, the database
// already mirrors the fake.
func TestBackfillUnderFaults(t *testing.T) {
	t.Parallel()
	fake := synctest.NewFake(t, stripetest.WithClock(stripetest.RealClock{}))
	if err := fake.Seed(3000); err != nil {
		t.Fatal(err)
	}
	fake.SetFaults(stripetest.Fault{Path: "/v1/*", ErrorRate: 0.10},
		stripetest.Fault{Path: "/v1/*", ThrottleRate: 0.01, BurstLength: 3, RetryAfter: time.Second})
	db := synctest.NewDB(t)
	s := newSyncer(t, db, fake)
	want := fake.State()

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var mu sync.Mutex
	var early string
	checked := make(chan struct{})
	go func() {
		defer close(checked)
		for ctx.Err() == nil {
			st := s.Stats()
			if st.BackfillComplete || st.Backfill.Done {
				d, err := synctest.Compare(context.Background(), db, generated.Registry, want, synctest.CompareOptions{})
				mu.Lock()
				if err != nil {
					early = err.Error()
				} else if !d.Empty() {
					early = "reported complete while the database still differed: " + d.String()
				}
				mu.Unlock()
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	if err := s.Backfill(ctx); err != nil {
		t.Fatalf("backfill: %v", err)
	}
	<-checked
	mu.Lock()
	if early != "" {
		t.Error(early)
	}
	mu.Unlock()
	synctest.AssertMirrors(t, db, generated.Registry, want)
	inj := fake.Injected()
	cs := s.Stats().Client
	t.Logf("injected %v; client: %d requests, %d retries, %d rate limited, backoff %v", inj, cs.Requests, cs.Retries, cs.RateLimited, cs.BackoffWait)
	if inj["500"] == 0 || inj["429"] == 0 {
		t.Fatalf("faults not injected: %v", inj)
	}
	if !cs.Throttled || cs.RateLimited == 0 || cs.ByStatus[500] == 0 || cs.Retries == 0 {
		t.Errorf("throttling not reported: %+v", cs)
	}
	if !s.Stats().BackfillComplete {
		t.Error("not reported complete after a complete backfill")
	}
}
