package ddl

import (
	"github.com/stripesync/stripesync/gen/ir"
	"github.com/stripesync/stripesync/internal/pgcatalog"
)

// Catalog returns the catalog a database has after the emitted migration ran
// with the given schema names, for comparison with pgcatalog.Read.
func Catalog(s *ir.Schema, dataSchema, stateSchema string) *pgcatalog.Catalog {
	names := map[string]string{"data": dataSchema, "state": stateSchema}
	c := &pgcatalog.Catalog{Schemas: []string{dataSchema, stateSchema}}
	if stateSchema < dataSchema {
		c.Schemas = []string{stateSchema, dataSchema}
	}
	for _, t := range s.Tables {
		c.Tables = append(c.Tables, catalogTable(t, names[t.Schema]))
	}
	return c
}

// catalogTable returns one table as the catalog shows it.
func catalogTable(t *ir.Table, schema string) *pgcatalog.Table {
	ct := &pgcatalog.Table{
		Schema:      schema,
		Name:        t.Name,
		Comment:     cleanComment(t.Comment),
		PrimaryKey:  t.PrimaryKey,
		Constraints: []*pgcatalog.Constraint{},
	}
	for _, c := range t.Columns {
		ct.Columns = append(ct.Columns, &pgcatalog.Column{
			Name:    c.Name,
			Type:    pgcatalog.CanonicalType(c.Type),
			NotNull: !c.Nullable,
			Default: columnDefault(c),
			Comment: cleanComment(c.Comment),
		})
	}
	for _, ix := range t.Indexes {
		ct.Indexes = append(ct.Indexes, &pgcatalog.Index{
			Name: ix.Name, Method: ix.Method, Unique: ix.Unique, Columns: ix.Columns,
		})
	}
	return ct
}
