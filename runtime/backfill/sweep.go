package backfill

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/runtime/state"
)

// sweepChunk is how many deletions one sweep transaction writes.
const sweepChunk = 1000

// SweepTables returns the tables whose deletions Stripe announces with no
// event (deletable, but no "*.deleted" event type): only a full re-list
// finds them gone. Child tables embedded in a parent are left out: listing
// the parent in full replaces their rows.
func SweepTables(reg *syncdb.Registry) []*syncdb.Table {
	var out []*syncdb.Table
	for _, t := range reg.Tables {
		if !t.Deletable || embeddedList(t) != nil || len(t.Lists) == 0 {
			continue
		}
		announced := false
		for _, e := range t.EventTypes {
			announced = announced || strings.HasSuffix(e, ".deleted")
		}
		if !announced {
			out = append(out, t)
		}
	}
	return out
}

// sweep deletes, for each sweep table all of whose jobs in the walk
// succeeded, the rows older than the walk's start version: a complete walk
// rewrote every live row with a version at least that new.
func (r *run) sweep(ctx context.Context, jobs []*Job, failed map[*Job]error, version int64) (int64, error) {
	var total int64
	for _, t := range SweepTables(r.b.cfg.Source.Registry()) {
		if !sweepable(t, jobs, failed, r.b.board.refused) {
			continue
		}
		n, err := r.sweepTable(ctx, t, version)
		total += n
		if err != nil {
			return total, fmt.Errorf("backfill: sweep %s: %w", t.Name, err)
		}
		if n > 0 {
			r.b.cfg.Logger.Info("backfill: swept rows deleted in Stripe", "table", t.Name, "rows", n)
		}
	}
	return total, nil
}

// sweepable reports whether the walk ran every job filling t, all of them
// successfully. A job whose endpoint Stripe did not serve (a key that lost
// a permission, a product the account lost) saw nothing: sweeping after it
// would delete every row of t.
func sweepable(t *syncdb.Table, jobs []*Job, failed map[*Job]error, refused func(*Job) bool) bool {
	ran := false
	for _, j := range jobs {
		if !containsTable(j.Tables, t) {
			continue
		}
		if failed[j] != nil || refused(j) {
			return false
		}
		ran = true
	}
	return ran
}

// sweepTable tombstones the rows of t older than version, in chunks.
func (r *run) sweepTable(ctx context.Context, t *syncdb.Table, version int64) (int64, error) {
	q := "SELECT \"id\" FROM " + pgx.Identifier{r.b.cfg.DataSchema, t.Name}.Sanitize() +
		" WHERE \"" + syncdb.VersionColumn + "\" < $1 ORDER BY \"id\" LIMIT $2"
	var total int64
	for {
		rows, err := r.b.cfg.DB.Query(ctx, q, version, sweepChunk)
		if err != nil {
			return total, err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil || len(ids) == 0 {
			return total, err
		}
		m := syncdb.Meta{Version: version, At: time.Now()}
		err = r.write(ctx, nil, func(b *syncdb.Batch) {
			for _, id := range ids {
				b.Delete(t, id, m)
			}
		}, state.Checkpoint{})
		if err != nil {
			return total, err
		}
		total += int64(len(ids))
	}
}
