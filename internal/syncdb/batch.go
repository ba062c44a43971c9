package syncdb

// Batch collects decoded objects and deletions for one Store.Write. Within a
// batch, the newest snapshot of each row wins (ties: a deletion, then the
// larger content hash), so a batch may hold several events of one object.
type Batch struct {
	tables map[*Table]*tableOps
	order  []*Table
}

// Add adds a decoded object: its row (or deletion) and its nested list items.
func (b *Batch) Add(o *Object) {
	b.add(o)
}

// Delete records the deletion of an object known by id, e.g. for a
// "*.deleted" event that carries the object as it was before deletion.
func (b *Batch) Delete(t *Table, id string, m Meta) {
	b.ops(t).delete(id, m)
}

// AddList adds items fetched from a nested list's own endpoint
// (NestedList.ListPath) for one parent. When complete, they are every item
// of the list and replace the parent's previous child rows; otherwise they
// are only upserted.
func (b *Batch) AddList(nl *NestedList, parentID string, m Meta, complete bool, items ...*Object) {
	b.addList(&ListRows{List: nl, ParentID: parentID, Items: items, HasMore: !complete}, m)
}

// Len returns the number of rows and deletions in the batch.
func (b *Batch) Len() int {
	n := 0
	for _, ops := range b.tables {
		n += len(ops.rows) + len(ops.deletes)
	}
	return n
}

// Reset empties the batch for reuse.
func (b *Batch) Reset() {
	b.tables, b.order = nil, nil
}
