package erd

import (
	"fmt"
	"sort"
	"strings"

	"github.com/stripesync/stripesync/gen/ir"
)

// catalog is the ERD's view of a schema: data tables grouped by domain and the
// relationships between them resolved in both directions.
type catalog struct {
	schema  *ir.Schema
	tables  []*ir.Table          // data tables sorted by name
	byName  map[string]*ir.Table // data tables by name
	state   []*ir.Table          // state tables sorted by name
	domains []*domain            // in display order
	domain  map[string]*domain   // table name -> its domain
	edges   []*edge              // every relationship, sorted
	out     map[string][]*edge   // table name -> edges it holds (From)
	in      map[string][]*edge   // table name -> edges pointing at it (To)
}

// newCatalog indexes s and checks that every reference names a data table.
func newCatalog(s *ir.Schema) (*catalog, error) {
	c := &catalog{schema: s, byName: map[string]*ir.Table{}, domain: map[string]*domain{}}
	for _, t := range s.Tables {
		if t.Schema == "data" {
			c.tables = append(c.tables, t)
			c.byName[t.Name] = t
		} else {
			c.state = append(c.state, t)
		}
	}
	sortTables(c.tables)
	sortTables(c.state)
	if err := c.check(); err != nil {
		return nil, err
	}
	c.groupDomains()
	c.edges = buildEdges(c)
	c.indexEdges()
	return c, nil
}

func sortTables(ts []*ir.Table) {
	sort.Slice(ts, func(i, j int) bool { return ts[i].Name < ts[j].Name })
}

// check reports the first reference to a table that has no page.
func (c *catalog) check() error {
	for _, t := range c.tables {
		for _, name := range referencedNames(t) {
			if c.byName[name] == nil {
				return fmt.Errorf("erd: table %s refers to %q, which is not a data table", t.Name, name)
			}
		}
		if !safeName(t.Name) {
			return fmt.Errorf("erd: table name %q is not usable as a file name", t.Name)
		}
	}
	return nil
}

// referencedNames lists every table name t mentions.
func referencedNames(t *ir.Table) []string {
	var names []string
	for _, fk := range t.ForeignKeys {
		names = append(names, fk.RefTable)
	}
	if t.Parent != nil {
		names = append(names, t.Parent.Table)
	}
	for _, nl := range t.NestedLists {
		names = append(names, nl.Tables...)
	}
	for _, l := range t.Lists {
		if l.ParentTable != "" {
			names = append(names, l.ParentTable)
		}
	}
	return names
}

// safeName reports whether s is a plain lower-case identifier.
func safeName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// indexEdges files every edge under both of its ends.
func (c *catalog) indexEdges() {
	c.out, c.in = map[string][]*edge{}, map[string][]*edge{}
	for _, e := range c.edges {
		c.out[e.From] = append(c.out[e.From], e)
		c.in[e.To] = append(c.in[e.To], e)
	}
}

// neighbours returns the tables one relationship away from t, referenced
// tables and parents first, then tables pointing at t, each group by name.
func (c *catalog) neighbours(t string) []string {
	seen := map[string]bool{t: true}
	var up, down []string
	for _, e := range c.out[t] {
		if !seen[e.To] {
			seen[e.To] = true
			up = append(up, e.To)
		}
	}
	for _, e := range c.in[t] {
		if !seen[e.From] {
			seen[e.From] = true
			down = append(down, e.From)
		}
	}
	sort.Strings(up)
	sort.Strings(down)
	return append(up, down...)
}

// isKeyColumn reports whether column col of t is part of its primary key.
func isKeyColumn(t *ir.Table, col string) bool {
	for _, k := range t.PrimaryKey {
		if k == col {
			return true
		}
	}
	return false
}

// fkColumns returns the set of t's columns that hold references.
func fkColumns(t *ir.Table) map[string]bool {
	cols := map[string]bool{}
	for _, fk := range t.ForeignKeys {
		for _, col := range fk.Columns {
			cols[col] = true
		}
	}
	if t.Parent != nil {
		cols[t.Parent.Column] = true
	}
	return cols
}

// storedAs says whether a column keeps its value as a typed column or as JSONB.
func storedAs(col *ir.Column) string {
	if col.Type == "jsonb" || col.Kind == ir.ColJSON || col.Kind == ir.ColExtra {
		return "JSONB"
	}
	return "column"
}

// jsonPath renders a column's source path, or "" when it has none.
func jsonPath(col *ir.Column) string {
	return strings.Join(col.Path, ".")
}
