package diff

import (
	"fmt"
	"strings"

	"github.com/stripesync/stripesync/gen/ir"
)

// Rebackfill is a data table whose existing rows lack data the new model
// stores, so the runtime must list it again after migrating.
type Rebackfill struct {
	// Table is the table name.
	Table string
	// Created is "new table", or why a table of an old name is created again;
	// "" for a kept table.
	Created string
	// Added, Retyped and Resourced name the columns added, changed in type
	// and filled from a new source.
	Added, Retyped, Resourced []string
}

// Rebackfill lists the data tables to backfill again, in change order: new
// tables (and tables created again), tables with added columns, and tables
// whose columns change type or source. Dropped and renamed columns and
// comment or index changes need none.
func (d *Diff) Rebackfill() []*Rebackfill {
	var out []*Rebackfill
	byName := map[string]*Rebackfill{}
	entry := func(t *ir.Table) *Rebackfill {
		if t.Schema != "data" {
			return &Rebackfill{}
		}
		if byName[t.Name] == nil {
			byName[t.Name] = &Rebackfill{Table: t.Name}
			out = append(out, byName[t.Name])
		}
		return byName[t.Name]
	}
	for _, c := range d.Changes {
		switch c := c.(type) {
		case *AddTable:
			entry(c.Table).Created = createdReason(c.Reason)
		case *AddColumn:
			r := entry(c.Table)
			r.Added = append(r.Added, c.Column.Name)
		case *ChangeType:
			r := entry(c.Table)
			r.Retyped = append(r.Retyped, c.To.Name)
		case *ChangeSource:
			r := entry(c.Table)
			r.Resourced = append(r.Resourced, c.To.Name)
		}
	}
	return out
}

func createdReason(why string) string {
	if why == "" {
		return "new table"
	}
	return "created again: " + why
}

// Reason says in full what changed, naming every column, e.g.
// "columns added: parent_type, total_taxes".
func (r *Rebackfill) Reason() string {
	return r.join(func(what string, cols []string) string {
		return what + ": " + strings.Join(cols, ", ")
	})
}

// Brief says what changed, counting added columns and naming the rarer
// others, e.g. "2 columns added; columns retyped: amount".
func (r *Rebackfill) Brief() string {
	return r.join(func(what string, cols []string) string {
		switch {
		case what != "columns added":
			return what + ": " + strings.Join(cols, ", ")
		case len(cols) == 1:
			return "1 column " + strings.TrimPrefix(what, "columns ")
		}
		return fmt.Sprintf("%d %s", len(cols), what)
	})
}

// join renders the parts of a reason in a fixed order.
func (r *Rebackfill) join(part func(what string, cols []string) string) string {
	var parts []string
	if r.Created != "" {
		parts = append(parts, r.Created)
	}
	for _, p := range []struct {
		what string
		cols []string
	}{{"columns added", r.Added}, {"columns retyped", r.Retyped}, {"columns with a new source", r.Resourced}} {
		if len(p.cols) > 0 {
			parts = append(parts, part(p.what, p.cols))
		}
	}
	return strings.Join(parts, "; ")
}
