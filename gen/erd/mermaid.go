package erd

import (
	"sort"
	"strings"

	"github.com/stripesync/stripesync/gen/ir"
)

// A Mermaid erDiagram in the subset this package emits:
//
//	erDiagram
//	  customers {
//	    text id PK
//	  }
//	  customers |o..o{ invoices : "customer"
//
// Entity names are table names; attribute types and names are single tokens.

// mEntity is one entity block.
type mEntity struct {
	Name  string
	Attrs []mAttr
}

// mAttr is one attribute line of an entity block.
type mAttr struct {
	Type, Name, Keys string
}

// mermaidCardinality gives the relationship operator for an edge, written
// "To <op> From" so the referenced table stands on the left.
func mermaidCardinality(k edgeKind) string {
	switch k {
	case edgeChild:
		return "||--o{"
	case edgeMany:
		return "}o..o{"
	}
	return "|o..o{"
}

// writeMermaid renders entities and the edges among them.
func writeMermaid(b *strings.Builder, ents []mEntity, edges []*edge) {
	b.WriteString("```mermaid\nerDiagram\n")
	for _, e := range ents {
		b.WriteString("  " + e.Name + " {\n")
		for _, a := range e.Attrs {
			b.WriteString("    " + a.Type + " " + a.Name)
			if a.Keys != "" {
				b.WriteString(" " + a.Keys)
			}
			b.WriteString("\n")
		}
		b.WriteString("  }\n")
	}
	for _, e := range edges {
		b.WriteString("  " + e.To + " " + mermaidCardinality(e.Kind) + " " + e.From +
			` : "` + mermaidLabel(e.label()) + "\"\n")
	}
	b.WriteString("```\n")
}

// mermaidEntity builds t's entity: its primary key, the columns in show, and
// up to plain further columns that are neither keys nor bookkeeping.
func mermaidEntity(t *ir.Table, show map[string]bool, plain int) mEntity {
	fks := fkColumns(t)
	e := mEntity{Name: t.Name}
	for _, col := range t.Columns {
		pk := isKeyColumn(t, col.Name)
		if !pk && !show[col.Name] {
			if plain == 0 || fks[col.Name] || col.Kind == ir.ColBookkeeping || col.Kind == ir.ColExtra {
				continue
			}
			plain--
		}
		e.Attrs = append(e.Attrs, mAttr{mermaidToken(col.Type), mermaidToken(col.Name), mermaidKeys(pk, fks[col.Name])})
	}
	return e
}

func mermaidKeys(pk, fk bool) string {
	switch {
	case pk && fk:
		return "PK, FK"
	case pk:
		return "PK"
	case fk:
		return "FK"
	}
	return ""
}

// mermaidToken turns a type or column name into one Mermaid word: "text[]"
// becomes "text_array", other odd characters become underscores, and a word
// must start with a letter.
func mermaidToken(s string) string {
	s = strings.ReplaceAll(s, "[]", "_array")
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	out := strings.Trim(b.String(), "_")
	if out == "" || !(out[0] >= 'a' && out[0] <= 'z' || out[0] >= 'A' && out[0] <= 'Z') {
		out = "x_" + out
	}
	return out
}

// mermaidLabel keeps a relationship label inside its quotes.
func mermaidLabel(s string) string {
	return strings.NewReplacer(`"`, "'", "\n", " ", "#", "").Replace(s)
}

// edgesAmong returns the edges whose ends are both in names, in order.
func edgesAmong(c *catalog, names []string) []*edge {
	in := map[string]bool{}
	for _, n := range names {
		in[n] = true
	}
	var out []*edge
	for _, e := range c.edges {
		if in[e.From] && in[e.To] {
			out = append(out, e)
		}
	}
	return out
}

// edgeColumns lists, per table, the columns holding the given edges.
func edgeColumns(c *catalog, edges []*edge) map[string]map[string]bool {
	cols := map[string]map[string]bool{}
	for _, e := range edges {
		t := c.byName[e.From]
		if cols[e.From] == nil {
			cols[e.From] = map[string]bool{}
		}
		for _, fk := range t.ForeignKeys {
			if fk.RefTable == e.To {
				for _, col := range fk.Columns {
					cols[e.From][col] = true
				}
			}
		}
		if t.Parent != nil && t.Parent.Table == e.To {
			cols[e.From][t.Parent.Column] = true
		}
	}
	return cols
}

// sortedKeys returns the keys of a set in order.
func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
