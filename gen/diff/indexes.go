package diff

import (
	"slices"

	"github.com/stripesync/stripesync/gen/ir"
)

// indexChanges are one table's index changes, by group.
type indexChanges struct {
	drops, renames, adds []Change
}

// compareIndexes matches indexes by name. renamed maps renamed columns: an
// index on a renamed column follows it, so it is compared under the new
// names. An index that only changes its name is renamed; one whose
// definition changes is dropped and created again.
func compareIndexes(from, to *ir.Table, renamed map[string]string) *indexChanges {
	ic := &indexChanges{}
	taken := map[string]bool{}
	for _, old := range from.Indexes {
		moved := follow(old, renamed)
		if now := index(to, old.Name); now != nil && sameIndex(moved, now) {
			taken[now.Name] = true
			continue
		}
		if now := renameTarget(moved, from, to, taken); now != nil {
			taken[now.Name] = true
			ic.renames = append(ic.renames, &RenameIndex{Table: to, From: old, To: now})
			continue
		}
		ic.drops = append(ic.drops, &DropIndex{Table: to, Index: old})
	}
	for _, ix := range to.Indexes {
		if !taken[ix.Name] {
			ic.adds = append(ic.adds, &AddIndex{Table: to, Index: ix})
		}
	}
	return ic
}

// renameTarget returns a new index, under a name the old table does not
// use, defined exactly as ix.
func renameTarget(ix *ir.Index, from, to *ir.Table, taken map[string]bool) *ir.Index {
	for _, now := range to.Indexes {
		if !taken[now.Name] && index(from, now.Name) == nil && sameIndex(ix, now) {
			return now
		}
	}
	return nil
}

// follow returns ix with its columns under their new names.
func follow(ix *ir.Index, renamed map[string]string) *ir.Index {
	cp := *ix
	cp.Columns = make([]string, len(ix.Columns))
	for i, c := range ix.Columns {
		cp.Columns[i] = c
		if n, ok := renamed[c]; ok {
			cp.Columns[i] = n
		}
	}
	return &cp
}

func sameIndex(a, b *ir.Index) bool {
	return a.Method == b.Method && a.Unique == b.Unique && a.Where == b.Where && slices.Equal(a.Columns, b.Columns)
}

func index(t *ir.Table, name string) *ir.Index {
	for _, ix := range t.Indexes {
		if ix.Name == name {
			return ix
		}
	}
	return nil
}
