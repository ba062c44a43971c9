package cli

import (
	"errors"
	"strings"

	"github.com/stripesync/stripesync/runtime/backfill"
)

// errNoFollower is returned by Follow while the events follower is not
// wired in.
var errNoFollower = errors.New("the events follower is not wired into this build yet: use `stripesync backfill`")

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
