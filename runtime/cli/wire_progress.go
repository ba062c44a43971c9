package cli

import (
	"strings"

	"github.com/stripesync/stripesync/runtime/backfill"
	"github.com/stripesync/stripesync/runtime/events"
)

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
