package events_test

import (
	"context"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stripesync/stripesync/runtime/events"
	"github.com/stripesync/stripesync/runtime/stripetest"
	"github.com/stripesync/stripesync/runtime/synctest"
)

// lagRecorder maps event ids to when they were emitted and committed.
type lagRecorder struct {
	mu        sync.Mutex
	emitted   map[string]time.Time
	committed map[string]time.Time
}

func (l *lagRecorder) onCommit(c events.Commit) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, e := range c.Events {
		if _, ok := l.committed[e.ID]; !ok {
			l.committed[e.ID] = c.At
		}
	}
}

// lags returns the emit-to-commit lags of the events committed so far and
// how many emitted events are still missing.
func (l *lagRecorder) lags() ([]time.Duration, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []time.Duration
	missing := 0
	for id, at := range l.emitted {
		if c, ok := l.committed[id]; ok {
			out = append(out, c.Sub(at))
		} else {
			missing++
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, missing
}

// BenchmarkEventLag measures the lag from an event's creation to the
// commit that applies it, with 50 events/s and the default 500 ms poll.
func BenchmarkEventLag(b *testing.B) {
	const rate, duration = 50, 20 * time.Second
	for b.Loop() {
		fake := synctest.NewFake(b, stripetest.WithClock(stripetest.RealClock{}))
		if err := fake.Seed(500, stripetest.SeedOptions{Plan: map[string]int{"customer": 1}}); err != nil {
			b.Fatal(err)
		}
		rec := &lagRecorder{emitted: map[string]time.Time{}, committed: map[string]time.Time{}}
		r := newRig(b, fake, func(c *events.Config) { c.OnCommit = rec.onCommit })
		r.backfill(b)
		ctx, cancel := context.WithCancel(b.Context())
		if err := r.f.Start(ctx); err != nil {
			b.Fatal(err)
		}
		ids := customerIDs(fake, 500)
		tick := time.NewTicker(time.Second / rate)
		end := time.Now().Add(duration)
		for i := 0; time.Now().Before(end); i++ {
			<-tick.C
			id := ids[i%len(ids)]
			if _, err := fake.Update(id, map[string]any{"metadata": map[string]any{"n": i}}, stripetest.NoEvent()); err != nil {
				b.Fatal(err)
			}
			at := time.Now()
			ev, err := fake.Emit(id, "customer.updated")
			if err != nil {
				b.Fatal(err)
			}
			rec.mu.Lock()
			rec.emitted[ev.ID] = at
			rec.mu.Unlock()
		}
		tick.Stop()
		deadline := time.Now().Add(30 * time.Second)
		for _, missing := rec.lags(); missing > 0 && time.Now().Before(deadline); _, missing = rec.lags() {
			time.Sleep(50 * time.Millisecond)
		}
		cancel()
		_ = r.f.Wait()
		lags, missing := rec.lags()
		b.Logf("stats %+v", r.f.Stats())
		rec.mu.Lock()
		var first time.Time
		for _, at := range rec.emitted {
			if first.IsZero() || at.Before(first) {
				first = at
			}
		}
		for id, at := range rec.emitted {
			if c := rec.committed[id]; c.Sub(at) > 2*time.Second {
				b.Logf("slow %s emitted +%v lag %v", id, at.Sub(first).Round(time.Millisecond), c.Sub(at).Round(time.Millisecond))
			}
		}
		rec.mu.Unlock()
		for _, line := range strings.Split(r.logs.String(), "\n") {
			if strings.Contains(line, "WARN") {
				b.Log(line)
			}
		}
		if missing > 0 || len(lags) == 0 {
			b.Fatalf("%d events never applied", missing)
		}
		b.ReportMetric(ms(lags[len(lags)/2]), "p50-ms")
		b.ReportMetric(ms(lags[len(lags)*99/100]), "p99-ms")
		b.ReportMetric(ms(lags[len(lags)-1]), "max-ms")
		b.ReportMetric(float64(len(lags)), "events")
	}
}

// BenchmarkEventBacklog measures events applied per second when the
// follower starts behind a backlog of events: the creations of 20,000
// objects of the default seed mix (those with a created event), one object
// row and one events row each.
func BenchmarkEventBacklog(b *testing.B) {
	const n = 20_000
	for b.Loop() {
		b.StopTimer()
		fake := synctest.NewFake(b)
		if err := fake.Seed(1, stripetest.SeedOptions{Events: true, Plan: map[string]int{"customer": 1}}); err != nil {
			b.Fatal(err)
		}
		r := newRig(b, fake)
		r.backfill(b)
		fake.FakeClock().Advance(2 * n * time.Second)
		if err := fake.Seed(n, stripetest.SeedOptions{Events: true}); err != nil {
			b.Fatal(err)
		}
		backlog := int64(len(fake.Events()) - 1)
		b.StartTimer()
		start := time.Now()
		if err := r.f.CatchUp(b.Context()); err != nil {
			b.Fatal(err)
		}
		el := time.Since(start)
		st := r.f.Stats()
		if st.Applied < backlog {
			b.Fatalf("applied %d of %d", st.Applied, backlog)
		}
		b.ReportMetric(float64(st.Applied)/el.Seconds(), "events/s")
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
