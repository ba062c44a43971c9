package cli

import (
	"strings"
	"time"

	"github.com/stripesync/stripesync/runtime/backfill"
	"github.com/stripesync/stripesync/runtime/events"
	"github.com/stripesync/stripesync/runtime/syncer"
)

// reportEvery is how often the engine's stats are read for progress.
const reportEvery = 250 * time.Millisecond

// watch reports the syncer's progress every reportEvery, and once more
// when stop is called.
func (e *engine) watch() (stop func()) {
	w := &watcher{stats: e.s.Stats, progress: e.d.Progress, phase: syncer.PhaseBackfill}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(reportEvery)
		defer t.Stop()
		for {
			select {
			case <-done:
				w.tick()
				return
			case <-t.C:
				w.tick()
			}
		}
	}()
	return func() { close(done); <-finished }
}

// watcher reports the progress of the syncer's phase under way.
type watcher struct {
	stats    func() syncer.Stats
	progress func(Progress)
	phase    string // the last working phase seen
}

// tick reports the progress of the phase under way, or of the last one
// once the syncer stopped.
func (w *watcher) tick() {
	st := w.stats()
	if st.Phase == syncer.PhaseBackfill || st.Phase == syncer.PhaseFollow {
		w.phase = st.Phase
	}
	if w.phase == syncer.PhaseFollow {
		w.progress(eventsProgress(st.Events))
	} else {
		w.progress(backfillProgress(st.Backfill))
	}
}

// backfillProgress condenses the backfill's per-table progress for the
// bar: tables done, objects, the tables in flight and the time left when
// every unfinished table has an estimate.
func backfillProgress(bp backfill.Progress) Progress {
	p := Progress{Phase: "backfill", Tables: len(bp.Tables), Objects: bp.Objects}
	var running []string
	known := true
	for _, t := range bp.Tables {
		if t.Done {
			p.TablesDone++
			continue
		}
		if t.ETA < 0 {
			known = false
		} else {
			p.ETA = max(p.ETA, t.ETA)
		}
		if t.Objects > 0 || t.Rate > 0 {
			running = append(running, t.Table)
		}
	}
	if !known {
		p.ETA = 0
	}
	if len(running) > 3 {
		running = append(running[:3], "…")
	}
	p.Current = strings.Join(running, ", ")
	return p
}

// eventsProgress shows the follower's work: events applied and how far
// behind Stripe it is.
func eventsProgress(st events.Stats) Progress {
	p := Progress{Phase: "events", Objects: st.Applied}
	if st.Lag > 0 {
		p.Current = "lag " + shortDuration(st.Lag)
	}
	if st.LastError != "" {
		p.Current += " (retrying: " + st.LastError + ")"
	}
	return p
}
