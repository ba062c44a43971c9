package syncdb

import "time"

// tableOps are one table's rows and deletions in a batch, one entry per key.
type tableOps struct {
	table   *Table
	rows    []Row
	rowAt   map[string]int
	deletes []deletion
	delAt   map[string]int
	// lists are embedded lists of this table's objects seen complete: their
	// items replace the parent's previous children.
	lists []listReplace
}

// deletion is one object to delete.
type deletion struct {
	id      string
	version int64
	at      time.Time
}

// listReplace records that a parent's child rows in one child table are
// exactly the rows in the batch with the given version.
type listReplace struct {
	child    *Table
	parentID string
	version  int64
}

func (b *Batch) ops(t *Table) *tableOps {
	if b.tables == nil {
		b.tables = map[*Table]*tableOps{}
	}
	ops := b.tables[t]
	if ops == nil {
		ops = &tableOps{table: t, rowAt: map[string]int{}, delAt: map[string]int{}}
		b.tables[t] = ops
		b.order = append(b.order, t)
	}
	return ops
}

func (b *Batch) add(o *Object) {
	ops := b.ops(o.Table)
	if o.Deleted {
		ops.delete(o.ID, o.Meta)
		return
	}
	ops.upsert(o.Row)
	for _, l := range o.Lists {
		b.addList(l, o.Meta)
	}
}

// addList adds a list's items and, for a complete list of a child table,
// records that it replaces the parent's previous children.
func (b *Batch) addList(l *ListRows, m Meta) {
	replaced := map[*Table]bool{}
	for _, item := range l.Items {
		b.add(item)
		replaced[item.Table] = true
	}
	if l.HasMore {
		return
	}
	for _, t := range l.List.Tables {
		if t.Kind != KindChild || t.Parent == nil || t.Parent.Table != l.List.Parent || t.Parent.Field != l.List.Field {
			continue
		}
		pops := b.ops(l.List.Parent)
		pops.lists = append(pops.lists, listReplace{child: t, parentID: l.ParentID, version: m.Version})
	}
}

// upsert keeps the newest snapshot per key: larger version, then larger hash.
func (ops *tableOps) upsert(r Row) {
	info := r.Info()
	if i, ok := ops.delAt[info.ID]; ok && ops.deletes[i].version >= info.Version {
		return
	}
	if i, ok := ops.rowAt[info.Key]; ok {
		old := ops.rows[i].Info()
		if old.Version > info.Version || old.Version == info.Version && old.Hash >= info.Hash {
			return
		}
		ops.rows[i] = r
		return
	}
	ops.rowAt[info.Key] = len(ops.rows)
	ops.rows = append(ops.rows, r)
}

// delete records a deletion; it drops a batched row of the same id that is
// not newer, and keeps the newest deletion.
func (ops *tableOps) delete(id string, m Meta) {
	at := m.At
	if at.IsZero() {
		at = time.Now()
	}
	if i, ok := ops.delAt[id]; ok {
		if ops.deletes[i].version < m.Version {
			ops.deletes[i] = deletion{id: id, version: m.Version, at: at}
		}
	} else {
		ops.delAt[id] = len(ops.deletes)
		ops.deletes = append(ops.deletes, deletion{id: id, version: m.Version, at: at})
	}
	ops.dropRows(id, m.Version)
}

// dropRows removes batched rows of the id with a version not newer than v.
func (ops *tableOps) dropRows(id string, v int64) {
	kept := ops.rows[:0]
	for _, r := range ops.rows {
		info := r.Info()
		if info.ID == id && info.Version <= v {
			continue
		}
		kept = append(kept, r)
	}
	if len(kept) == len(ops.rows) {
		return
	}
	ops.rows = kept
	for k := range ops.rowAt {
		delete(ops.rowAt, k)
	}
	for i, r := range ops.rows {
		ops.rowAt[r.Info().Key] = i
	}
}
