package pgcatalog

import (
	"fmt"
	"slices"
	"strings"
)

// Diff lists how got differs from want, one readable line per difference,
// e.g. `table stripe.customers: column email: type: want "text", got "bigint"`.
// Tables, columns, indexes and constraints are matched by name; column order
// is not compared. An empty result means the shapes match.
func Diff(want, got *Catalog) []string {
	var d differ
	matchBy(want.Schemas, got.Schemas, func(s string) string { return s }, "schema", &d,
		func(string, string, string) {})
	matchBy(want.Tables, got.Tables, tableKey, "table", &d, func(at string, w, g *Table) {
		d.table(at, w, g)
	})
	return d.lines
}

// differ collects difference lines.
type differ struct{ lines []string }

func (d *differ) addf(format string, args ...any) {
	d.lines = append(d.lines, fmt.Sprintf(format, args...))
}

// field records a difference in one comparable field.
func field[T comparable](d *differ, at, name string, want, got T) {
	if want != got {
		d.addf("%s: %s: want %#v, got %#v", at, name, want, got)
	}
}

// matchBy pairs up items by key: those only in want are "missing", those only
// in got "unexpected", and pairs go to both (labelled "<what> <key>").
func matchBy[T any](want, got []T, key func(T) string, what string, d *differ, both func(at string, w, g T)) {
	w, g := index(want, key), index(got, key)
	for _, k := range unionKeys(w, g) {
		at := what + " " + k
		switch wi, gi := w[k], g[k]; {
		case gi == nil:
			d.addf("%s: missing", at)
		case wi == nil:
			d.addf("%s: unexpected", at)
		default:
			both(at, *wi, *gi)
		}
	}
}

// index maps each item's key to the item.
func index[T any](items []T, key func(T) string) map[string]*T {
	m := make(map[string]*T, len(items))
	for i := range items {
		m[key(items[i])] = &items[i]
	}
	return m
}

// unionKeys returns the keys of both maps, sorted.
func unionKeys[T any](a, b map[string]*T) []string {
	var keys []string
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if a[k] == nil {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

func tableKey(t *Table) string { return t.Schema + "." + t.Name }

// table compares two tables of the same name.
func (d *differ) table(at string, w, g *Table) {
	field(d, at, "comment", w.Comment, g.Comment)
	field(d, at, "primary key", strings.Join(w.PrimaryKey, ", "), strings.Join(g.PrimaryKey, ", "))
	matchBy(w.Columns, g.Columns, func(c *Column) string { return c.Name }, at+": column", d, d.column)
	matchBy(w.Indexes, g.Indexes, func(i *Index) string { return i.Name }, at+": index", d, d.index)
	matchBy(w.Constraints, g.Constraints, func(c *Constraint) string { return c.Name }, at+": constraint", d, d.constraint)
}

// column compares two columns of the same name.
func (d *differ) column(at string, w, g *Column) {
	field(d, at, "type", w.Type, g.Type)
	field(d, at, "not null", w.NotNull, g.NotNull)
	field(d, at, "default", w.Default, g.Default)
	field(d, at, "comment", w.Comment, g.Comment)
}

// index compares two indexes of the same name; Def only when both have it.
func (d *differ) index(at string, w, g *Index) {
	field(d, at, "method", w.Method, g.Method)
	field(d, at, "unique", w.Unique, g.Unique)
	field(d, at, "columns", strings.Join(w.Columns, ", "), strings.Join(g.Columns, ", "))
	if w.Def != "" && g.Def != "" {
		field(d, at, "definition", w.Def, g.Def)
	}
}

// constraint compares two constraints of the same name.
func (d *differ) constraint(at string, w, g *Constraint) {
	field(d, at, "type", w.Type, g.Type)
	field(d, at, "definition", w.Def, g.Def)
}
