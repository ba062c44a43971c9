// Package diff compares two database models (package ir) into typed changes:
// the steps that take a database built from the old model to the new one.
//
// It knows nothing of SQL: gen/ddl plans each change as statements with a
// reverse and flags the destructive ones. Besides the changes, a Diff says
// which tables must be backfilled again (their rows lack data the new model
// stores) and carries notes on differences that need no DDL.
package diff

import (
	"fmt"
	"slices"
	"strings"

	"github.com/stripesync/stripesync/gen/ir"
)

// Diff is what changed between two models.
type Diff struct {
	// From is the old model (the committed snapshot); To is the new one.
	From, To *ir.Schema
	// Changes are grouped by table: dropped tables first, in the old model's
	// order, then each table of the new model in its order. Within a table:
	// index drops, column drops, column and index renames, type, nullability
	// and source changes, column adds, index adds, then comments.
	Changes []Change
	// Notes describe differences that need no DDL but that a reviewer or the
	// runtime cares about (the invoice preview endpoint, a table's kind).
	Notes []string
}

// Empty reports whether a database built from From needs no migration to
// match To. Notes alone need none.
func (d *Diff) Empty() bool { return len(d.Changes) == 0 }

// Compare returns the changes that take a database built from the old model
// to the new one. Tables are matched by schema and name, columns and indexes
// by name; the only renames are the certain ones of rename.go.
func Compare(from, to *ir.Schema) *Diff {
	d := &Diff{From: from, To: to}
	for _, t := range from.Tables {
		if find(to, t) == nil {
			d.Changes = append(d.Changes, &DropTable{Table: t})
		}
	}
	for _, t := range to.Tables {
		old := find(from, t)
		if old == nil {
			d.Changes = append(d.Changes, &AddTable{Table: t})
			continue
		}
		d.Changes = append(d.Changes, compareTable(old, t)...)
	}
	d.Notes = notes(from, to)
	return d
}

// find returns the table of s with t's schema and name, or nil.
func find(s *ir.Schema, t *ir.Table) *ir.Table {
	for _, x := range s.Tables {
		if x.Schema == t.Schema && x.Name == t.Name {
			return x
		}
	}
	return nil
}

// compareTable returns the changes of one table kept by name. A table whose
// primary key changes is dropped and created again: its rows cannot satisfy
// the new key, and the re-backfill fills it.
func compareTable(from, to *ir.Table) []Change {
	if !slices.Equal(from.PrimaryKey, to.PrimaryKey) {
		reason := fmt.Sprintf("primary key changes from (%s) to (%s)",
			strings.Join(from.PrimaryKey, ", "), strings.Join(to.PrimaryKey, ", "))
		return []Change{&DropTable{Table: from, Reason: reason}, &AddTable{Table: to, Reason: reason}}
	}
	cols := compareColumns(from, to)
	ix := compareIndexes(from, to, cols.renamed)
	var out []Change
	for _, group := range [][]Change{ix.drops, cols.drops, cols.renames, ix.renames, cols.modified, cols.adds, ix.adds} {
		out = append(out, group...)
	}
	if sameText(from.Comment, to.Comment) {
		return append(out, cols.comments...)
	}
	out = append(out, &ChangeTableComment{From: from, To: to})
	return append(out, cols.comments...)
}

// sameText reports whether two descriptions read the same: the DDL collapses
// runs of whitespace, so only the words count.
func sameText(a, b string) bool {
	return strings.Join(strings.Fields(a), " ") == strings.Join(strings.Fields(b), " ")
}
