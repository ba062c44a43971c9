package erd

import (
	"sort"
	"strings"

	"github.com/stripesync/stripesync/gen/ir"
)

// edgeKind says what ties two tables together.
type edgeKind int

// Edge kinds, in the order they are listed.
const (
	// edgeChild ties a child table to the parent whose nested list fills it.
	edgeChild edgeKind = iota
	// edgeRef is a logical foreign key: a column holds the id of one row.
	edgeRef
	// edgeMany is an array of ids: a column holds the ids of several rows.
	edgeMany
	// edgeNested ties a resource table to a parent whose embedded list carries its rows.
	edgeNested
)

// verb describes an edge kind in prose, read From -> To.
func (k edgeKind) verb() string {
	switch k {
	case edgeChild:
		return "child of"
	case edgeMany:
		return "references many"
	case edgeNested:
		return "listed in"
	}
	return "references"
}

// edge is one relationship between two data tables. From holds the reference
// (the child or referencing table); To is the referenced or parent table.
type edge struct {
	From, To string
	Kind     edgeKind
	// Labels are the JSON fields carrying the relationship, sorted.
	Labels []string
}

// label joins up to three field names for a diagram.
func (e *edge) label() string {
	if len(e.Labels) <= 3 {
		return strings.Join(e.Labels, ", ")
	}
	return strings.Join(e.Labels[:3], ", ") + " +" + itoa(len(e.Labels)-3)
}

// edgeSet merges relationships that join the same pair the same way.
type edgeSet map[[3]string]*edge

func (s edgeSet) add(from, to string, kind edgeKind, label string) {
	key := [3]string{from, to, string(rune('0' + kind))}
	e := s[key]
	if e == nil {
		e = &edge{From: from, To: to, Kind: kind}
		s[key] = e
	}
	for _, l := range e.Labels {
		if l == label {
			return
		}
	}
	e.Labels = append(e.Labels, label)
	sort.Strings(e.Labels)
}

// buildEdges derives every relationship from foreign keys, parent links and
// nested lists, sorted by From, To and kind.
func buildEdges(c *catalog) []*edge {
	set := edgeSet{}
	for _, t := range c.tables {
		addKeyEdges(set, t)
		if p := t.Parent; p != nil {
			set.add(t.Name, p.Table, edgeChild, firstNonEmpty(p.Field, p.Column))
		}
		for _, nl := range t.NestedLists {
			for _, item := range nl.Tables {
				if it := c.byName[item]; it.Parent == nil || it.Parent.Table != t.Name {
					set.add(item, t.Name, edgeNested, nl.Field)
				}
			}
		}
	}
	edges := make([]*edge, 0, len(set))
	for _, e := range set {
		edges = append(edges, e)
	}
	sort.Slice(edges, func(i, j int) bool { return edgeLess(edges[i], edges[j]) })
	return edges
}

// addKeyEdges adds t's foreign keys; the key that holds the parent id of a
// child table is the parent link itself.
func addKeyEdges(set edgeSet, t *ir.Table) {
	for _, fk := range t.ForeignKeys {
		if t.Parent != nil && fk.RefTable == t.Parent.Table &&
			len(fk.Columns) == 1 && fk.Columns[0] == t.Parent.Column {
			continue
		}
		kind := edgeRef
		if len(fk.Columns) == 1 {
			if col := t.Column(fk.Columns[0]); col != nil && col.Kind == ir.ColRefIDs {
				kind = edgeMany
			}
		}
		set.add(t.Name, fk.RefTable, kind, firstNonEmpty(fk.Field, strings.Join(fk.Columns, ", ")))
	}
}

func edgeLess(a, b *edge) bool {
	if a.From != b.From {
		return a.From < b.From
	}
	if a.To != b.To {
		return a.To < b.To
	}
	return a.Kind < b.Kind
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
