package backfill

import (
	"context"
	"fmt"

	"github.com/stripesync/stripesync/internal/syncdb"
)

// SweepStale deletes, after a Run that completed every job, the rows of
// deletable tables that the backfill did not write again: rows older than
// version, the fetch version at which a full re-backfill started (see
// package syncer: a re-backfill after Stripe's 30-day event retention ran
// out, when deletion events may have expired unseen). Each row leaves a
// tombstone, and the rows under it in child tables go with it.
//
// Only tables Stripe can delete objects from are swept (others never lose
// rows), only when every job filling them finished in the last run and
// none was refused (an unavailable endpoint saw nothing), and never child
// tables embedded in their parents (listing the parent replaced them). It
// returns the rows deleted.
func (b *Backfiller) SweepStale(ctx context.Context, version int64) (int64, error) {
	r := &run{b: b}
	var total int64
	for _, t := range b.cfg.Source.Registry().Tables {
		if !t.Deletable || embeddedList(t) != nil || !b.fullyListed(t) {
			continue
		}
		n, err := r.sweepTable(ctx, t, version)
		total += n
		if err != nil {
			return total, fmt.Errorf("backfill: sweep stale rows of %s: %w", t.Name, err)
		}
		if n > 0 {
			b.cfg.Logger.Warn("backfill: removed rows Stripe no longer lists (deleted while events were lost)",
				"table", t.Name, "rows", n)
		}
	}
	return total, nil
}

// fullyListed reports whether the last run listed t in full: t has jobs,
// and every one of them is done and was served.
func (b *Backfiller) fullyListed(t *syncdb.Table) bool {
	b.board.mu.Lock()
	defer b.board.mu.Unlock()
	listed := false
	for _, j := range b.jobs {
		if !containsTable(j.Tables, t) {
			continue
		}
		p := b.board.byJob[j]
		if p == nil || !p.done || p.err != nil || p.unavailable != nil {
			return false
		}
		listed = true
	}
	return listed
}
