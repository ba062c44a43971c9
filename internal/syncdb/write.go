package syncdb

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

// savepoint guards a COPY of new rows straight into a table: when another
// transaction inserted one of them since the check, the COPY fails, is
// rolled back to the savepoint, and the rows take the upsert instead.
const savepoint = "stripesync_copy"

// checkSkips is how many writes of a table skip the check, and send every
// row through the upsert, after a check found most rows already stored:
// when the batches are updates, as from events or a re-list, the check
// costs more than the few COPYed rows save, and the upsert alone is what
// writes them anyway. The next check finds out whether batches are new
// rows again.
const checkSkips = 4

// writer is one Store.Write. Its statements go through a pipeline, so those
// whose results are not needed at once share a round trip with the next
// one that is; each COPY is one round trip with the statements around it.
type writer struct {
	s  *Store
	tx pgx.Tx
	p  pipeline
	st Stats
}

// tableWrite is the work on one table of a batch.
type tableWrite struct {
	ops   *tableOps
	q     *tableSQL
	lists []listReplace
	// keys and probe are set when new rows may be COPYed straight into the
	// table; slow are the rows to upsert.
	keys  rowKeys
	probe *probe
	slow  []Row
}

// write applies deletions first, so the tombstones they leave gate the
// upserts that follow, then writes every table, parents before children,
// each child table followed by the removal of the children that complete
// lists no longer hold.
//
// The round trips: the deletions and the checks of every table (see
// checkSQL) go together; then each table's new rows are COPYed straight
// into it, one round trip per table; then each table's other rows are
// COPYed into its temporary table, one round trip per table, and upserted
// from there, the upserts and replacements riding along with the next round
// trip.
func (s *Store) write(ctx context.Context, tx pgx.Tx, b *Batch) (Stats, error) {
	w := &writer{s: s, tx: tx, p: pipeline{ctx: ctx, db: tx}}
	order := append([]*Table(nil), b.order...)
	sort.SliceStable(order, func(i, j int) bool { return order[i].Kind != KindChild && order[j].Kind == KindChild })
	for _, t := range order {
		w.deleteAll(b.tables[t])
	}
	replaced := replacements(b)
	var work []*tableWrite
	for _, t := range order {
		ops := b.tables[t]
		tw := &tableWrite{ops: ops, q: s.statements(t), lists: replaced[t], slow: ops.rows}
		if len(ops.rows) == 0 {
			continue
		}
		w.st.Rows += len(ops.rows)
		w.describe(tw.q, t)
		if !s.upsertOnly && !tw.q.skipCheck() {
			if k, ok := tw.q.keysOf(ops.rows); ok {
				tw.keys, tw.probe = k, w.probe(tw.q, t, k, tw.lists)
			}
		}
		work = append(work, tw)
	}
	if err := w.p.flush(); err != nil {
		return w.st, err
	}
	for _, tw := range work {
		if err := w.copyNew(b, tw); err != nil {
			return w.st, err
		}
	}
	for _, tw := range work {
		if err := w.upsertRest(tw); err != nil {
			return w.st, err
		}
	}
	for t, lists := range replaced {
		if b.tables[t] == nil || len(b.tables[t].rows) == 0 {
			w.replace(t, lists)
		}
	}
	return w.st, w.p.flush()
}

// replacements groups the complete lists of the batch by child table.
func replacements(b *Batch) map[*Table][]listReplace {
	out := map[*Table][]listReplace{}
	for _, t := range b.order {
		for _, l := range b.tables[t].lists {
			out[l.child] = append(out[l.child], l)
		}
	}
	return out
}

func wrapper(t *Table, what string) func(error) error {
	return func(err error) error { return fmt.Errorf("syncdb: table %q: %s: %w", t.Name, what, err) }
}

// deleteAll queues the tombstones and the deletion of the rows and their
// children.
func (w *writer) deleteAll(ops *tableOps) {
	if len(ops.deletes) == 0 {
		return
	}
	q := w.s.statements(ops.table)
	ids := make([]string, len(ops.deletes))
	ats := make([]time.Time, len(ops.deletes))
	vs := make([]int64, len(ops.deletes))
	for i, d := range ops.deletes {
		ids[i], ats[i], vs[i] = d.id, d.at, d.version
	}
	wrap := wrapper(ops.table, "delete")
	w.p.exec(wrap, nil, q.tombstone, ops.table.Name, ids, ats, vs)
	for _, sql := range append([]string{q.deleteRows}, q.deleteChildren...) {
		w.p.exec(wrap, w.countDeleted, sql, ids, vs)
	}
}

// describe queues, the first time, the query giving the type OIDs of the
// table's columns, which the COPY data is encoded with.
func (w *writer) describe(q *tableSQL, t *Table) {
	if w.s.oids(q) != nil {
		return
	}
	w.p.query(wrapper(t, "upsert"), func(rows pgx.Rows) error {
		fields := rows.FieldDescriptions()
		oids := make([]uint32, len(fields))
		for i, f := range fields {
			oids[i] = f.DataTypeOID
		}
		w.s.setOIDs(q, oids)
		return nil
	}, q.describe)
}

// copyNew COPYs the table's new rows straight into it and leaves the others
// in tw.slow.
func (w *writer) copyNew(b *Batch, tw *tableWrite) error {
	if tw.probe == nil {
		return nil
	}
	t := tw.ops.table
	var batchParents map[string]int64
	if tw.keys.parents != nil {
		if pops := b.tables[t.Parent.Table]; pops != nil {
			batchParents = map[string]int64{}
			for _, r := range pops.rows {
				info := r.Info()
				if v, ok := batchParents[info.ID]; !ok || info.Version > v {
					batchParents[info.ID] = info.Version
				}
			}
		}
	}
	fresh, slow := split(tw.ops.rows, tw.probe.held(tw.keys, batchParents))
	tw.slow = slow
	if 2*len(slow) > len(tw.ops.rows) {
		tw.q.checks.Store(-checkSkips)
	}
	if len(fresh) == 0 {
		return nil
	}
	if err := w.p.flush(); err != nil {
		return err
	}
	now := pgtype.Timestamptz{Time: tw.probe.now, Valid: true}
	err := copyRows(w.p.ctx, w.tx, tw.q.copyTarget, w.s.oids(tw.q), fresh, tw.q.syncedAt, now)
	switch {
	case err == nil:
		w.st.Written += len(fresh)
		w.s.copied.Add(int64(len(fresh)))
	case isRetryable(err):
		if _, err := w.tx.Exec(w.p.ctx, "ROLLBACK TO SAVEPOINT "+savepoint+";\nRELEASE SAVEPOINT "+savepoint); err != nil {
			return wrapper(t, "upsert")(err)
		}
		tw.slow = tw.ops.rows
	default:
		return wrapper(t, "upsert")(err)
	}
	return nil
}

// upsertRest COPYs the rows left for the upsert into the table's temporary
// table and queues their upsert, then, for a child table, the removal of
// the children that the batch's complete lists no longer hold.
func (w *writer) upsertRest(tw *tableWrite) error {
	t, q := tw.ops.table, tw.q
	wrap := wrapper(t, "upsert")
	if len(tw.slow) > 0 {
		if err := w.p.flush(); err != nil {
			return err
		}
		if err := copyRows(w.p.ctx, w.tx, q.copyTemp, w.s.oids(q), tw.slow, -1, pgtype.Timestamptz{}); err != nil {
			return wrap(err)
		}
		n := len(tw.slow)
		w.p.exec(wrap, func(tag pgconn.CommandTag) {
			w.st.Written += int(tag.RowsAffected())
			w.st.Skipped += n - int(tag.RowsAffected())
		}, q.upsert, q.upsertArgs...)
	}
	if len(tw.lists) == 0 {
		return nil
	}
	replace := wrapper(t, "replace children")
	if tw.probe == nil {
		// Every row is in the temporary table.
		parents, versions := listArgs(tw.lists)
		w.p.exec(replace, w.countDeleted, q.replaceKeeping, parents, versions)
		return nil
	}
	// Only parents that had children before the batch's rows were written
	// can have children their complete list no longer holds.
	var keep []listReplace
	for _, l := range tw.lists {
		if tw.probe.full[l.parentID] {
			keep = append(keep, l)
		}
	}
	if len(keep) > 0 {
		parents, versions := listArgs(keep)
		w.p.exec(replace, w.countDeleted, q.replaceKept, parents, versions, tw.keys.parents, tw.keys.keys[q.idKey])
	}
	return nil
}

// replace queues the deletion of the child rows of complete lists when the
// batch holds no rows of the child table.
func (w *writer) replace(child *Table, lists []listReplace) {
	if len(lists) == 0 {
		return
	}
	parents, versions := listArgs(lists)
	w.p.exec(wrapper(child, "replace children"), w.countDeleted, w.s.statements(child).replace, parents, versions)
}

func (w *writer) countDeleted(tag pgconn.CommandTag) { w.st.Deleted += int(tag.RowsAffected()) }

func listArgs(lists []listReplace) ([]string, []int64) {
	parents := make([]string, len(lists))
	versions := make([]int64, len(lists))
	for i, l := range lists {
		parents[i], versions[i] = l.parentID, l.version
	}
	return parents, versions
}

// split divides rows into those not held and those held.
func split(rows []Row, held []bool) (fresh, slow []Row) {
	for i, r := range rows {
		if held[i] {
			slow = append(slow, r)
		} else {
			fresh = append(fresh, r)
		}
	}
	return fresh, slow
}

// rowKeys are the key columns, versions and parent ids of a batch's rows.
type rowKeys struct {
	keys     [][]string
	versions []int64
	parents  []pgtype.Text
}

// keysOf reads the rows' keys; ok is false when the table has no check or
// a key is not a string.
func (q *tableSQL) keysOf(rows []Row) (rowKeys, bool) {
	var k rowKeys
	if len(q.keyCols) == 0 {
		return k, false
	}
	k.keys = make([][]string, len(q.keyCols))
	for i := range k.keys {
		k.keys[i] = make([]string, len(rows))
	}
	k.versions = make([]int64, len(rows))
	if q.parentCol >= 0 {
		k.parents = make([]pgtype.Text, len(rows))
	}
	var vals []any
	for r, row := range rows {
		vals = row.Values(vals[:0])
		for i, col := range q.keyCols {
			v, ok := keyText(vals[col])
			if !ok || !v.Valid {
				return k, false
			}
			k.keys[i][r] = v.String
		}
		if k.parents != nil {
			v, ok := keyText(vals[q.parentCol])
			if !ok {
				return k, false
			}
			k.parents[r] = v
		}
		k.versions[r] = row.Info().Version
	}
	return k, true
}

// probe is what the check queries of one table found; its fields are
// filled when the pipeline is flushed.
type probe struct {
	now   time.Time
	idKey int
	// existing holds the stored keys (one key column); existingAt the
	// 1-based positions of the stored rows (several).
	existing   []string
	existingAt []int64
	// tombs and parentTombs are the versions of tombstones of the rows and
	// of their parents, parents those of the stored parent rows.
	tombs, parentTombs, parents map[string]pgtype.Int8
	// full holds the parents of complete lists with child rows.
	full map[string]bool
}

// probe queues the check queries of a table's rows.
func (w *writer) probe(q *tableSQL, t *Table, k rowKeys, lists []listReplace) *probe {
	wrap := wrapper(t, "upsert")
	pr := &probe{idKey: q.idKey}
	args := make([]any, len(k.keys))
	for i, col := range k.keys {
		args[i] = col
	}
	w.p.queryRow(wrap, func(r pgx.Row) error {
		if len(k.keys) == 1 {
			return r.Scan(&pr.now, &pr.existing)
		}
		return r.Scan(&pr.now, &pr.existingAt)
	}, q.exist, args...)
	if t.needsID() {
		pr.tombs = map[string]pgtype.Int8{}
		w.p.versions(wrap, pr.tombs, q.tombs, t.Name, k.keys[q.idKey])
	}
	if k.parents != nil {
		ids := distinct(k.parents)
		pr.parentTombs, pr.parents = map[string]pgtype.Int8{}, map[string]pgtype.Int8{}
		w.p.versions(wrap, pr.parentTombs, q.tombs, t.Parent.Table.Name, ids)
		w.p.versions(wrap, pr.parents, q.parents, ids)
	}
	if len(lists) > 0 {
		ids := make([]string, len(lists))
		for i, l := range lists {
			ids[i] = l.parentID
		}
		pr.full = map[string]bool{}
		w.p.query(wrap, func(rows pgx.Rows) error {
			var id string
			_, err := pgx.ForEachRow(rows, []any{&id}, func() error {
				pr.full[id] = true
				return nil
			})
			return err
		}, q.children, ids)
	}
	return pr
}

// held says which rows the upsert must take: the rows already stored, and
// those a tombstone or a child row's parent may hold back, as the upsert's
// guards compare them. The checks ran before the batch's parent rows were
// written, so a child row whose parent the batch writes with a newer
// version is held too.
func (pr *probe) held(k rowKeys, batchParents map[string]int64) []bool {
	held := make([]bool, len(k.versions))
	for _, i := range pr.existingAt {
		held[i-1] = true
	}
	stored := make(map[string]bool, len(pr.existing))
	for _, key := range pr.existing {
		stored[key] = true
	}
	atLeast := func(m map[string]pgtype.Int8, id string, v int64) bool {
		d, ok := m[id]
		return ok && d.Valid && d.Int64 >= v
	}
	newer := func(m map[string]pgtype.Int8, id string, v int64) bool {
		d, ok := m[id]
		if bv, in := batchParents[id]; in && bv > v {
			return true
		}
		return ok && d.Valid && d.Int64 > v
	}
	for r, v := range k.versions {
		switch {
		case len(stored) > 0 && stored[k.keys[0][r]]:
		case pr.tombs != nil && atLeast(pr.tombs, k.keys[pr.idKey][r], v):
		case k.parents != nil && k.parents[r].Valid &&
			(atLeast(pr.parentTombs, k.parents[r].String, v) || newer(pr.parents, k.parents[r].String, v)):
		default:
			continue
		}
		held[r] = true
	}
	return held
}

// distinct returns the distinct non-null values.
func distinct(vals []pgtype.Text) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range vals {
		if v.Valid && !seen[v.String] {
			seen[v.String] = true
			out = append(out, v.String)
		}
	}
	return out
}

// keyText reads a text column's value as Values returns it.
func keyText(v any) (pgtype.Text, bool) {
	switch x := v.(type) {
	case *string:
		return pgtype.Text{String: *x, Valid: true}, true
	case string:
		return pgtype.Text{String: x, Valid: true}, true
	case *pgtype.Text:
		return *x, true
	case pgtype.Text:
		return x, true
	}
	return pgtype.Text{}, false
}
