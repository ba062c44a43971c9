package gen

import (
	"fmt"
	"strings"

	"github.com/stripesync/stripesync/gen/ir"
	"github.com/stripesync/stripesync/openapi"
)

// tableBuilder accumulates the columns of one table while rules run.
type tableBuilder struct {
	t      *ir.Table
	policy Policy
	// rule is the name of the rule currently applying.
	rule string
	// note is appended to reasons of columns flattened from a nested object.
	note string
	// lists are the resource's nested list fields, wired up once all tables exist.
	lists []field
	names map[string]bool
	costs map[costKey]int
}

type costKey struct {
	s     *openapi.Schema
	depth int
}

func newTableBuilder(t *ir.Table, p Policy) *tableBuilder {
	return &tableBuilder{t: t, policy: p, names: map[string]bool{}, costs: map[costKey]int{}}
}

// add appends a column for field f named after its path plus suffix.
func (b *tableBuilder) add(f field, suffix, pgType string, kind ir.ColumnKind, reason string, edit func(*ir.Column)) *ir.Column {
	c := &ir.Column{
		Name:     b.uniqueName(joinName(f.path) + suffix),
		Type:     pgType,
		Nullable: true,
		Path:     f.path,
		Kind:     kind,
		Rule:     b.rule,
		Reason:   reason + b.note,
		Comment:  cleanComment(f.description),
	}
	if edit != nil {
		edit(c)
	}
	b.t.Columns = append(b.t.Columns, c)
	return c
}

// addColumn appends a column that does not come from a spec property.
func (b *tableBuilder) addColumn(c *ir.Column) *ir.Column {
	c.Name = b.uniqueName(c.Name)
	b.t.Columns = append(b.t.Columns, c)
	return c
}

// uniqueName fits a name into the identifier limit and, should two fields
// flatten to the same name, gives the later one a numeric suffix.
func (b *tableBuilder) uniqueName(name string) string {
	n := ident(name, b.policy.MaxIdentifier)
	for i := 2; b.names[n]; i++ {
		n = ident(fmt.Sprintf("%s_%d", name, i), b.policy.MaxIdentifier)
	}
	b.names[n] = true
	return n
}

// index adds a secondary index on one column.
func (b *tableBuilder) index(column, method string) {
	name := ident(b.t.Name+"_"+column+"_idx", b.policy.MaxIdentifier)
	b.t.Indexes = append(b.t.Indexes, &ir.Index{Name: name, Columns: []string{column}, Method: method})
}

// cost is the number of columns an object at the given depth flattens into,
// counting nested objects that would themselves go to JSONB as one column.
func (b *tableBuilder) cost(s *openapi.Schema, depth int) int {
	key := costKey{s, depth}
	if c, ok := b.costs[key]; ok {
		return c
	}
	b.costs[key] = b.policy.MaxFlattenColumns + 1 // guards against cycles
	total := 0
	for _, p := range s.Properties {
		total += b.propertyCost(p, depth)
	}
	b.costs[key] = total
	return total
}

func (b *tableBuilder) propertyCost(p *openapi.Property, depth int) int {
	s, _ := p.Schema.Deref()
	if p.Name == "object" && len(s.Enum) == 1 {
		return 0
	}
	if targets, ok := s.Expandable(); ok && len(liveTargets(targets)) > 1 {
		return 2
	}
	if s.IsObject() && !s.IsList() && len(s.AnyOf) < 2 && depth+1 <= b.policy.MaxFlattenDepth {
		if c := b.cost(s, depth+1); c <= b.policy.MaxFlattenColumns {
			return c
		}
	}
	return 1
}

// cleanComment collapses whitespace in a spec description.
func cleanComment(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
