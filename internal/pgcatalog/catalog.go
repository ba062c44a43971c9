// Package pgcatalog reads the shape of tables in a live PostgreSQL database
// into plain structs, and lists the differences between two such shapes.
//
// It serves tests and checks that compare a migrated database with the model
// it should match, or with a database created fresh from the same model.
// Column order is kept in the structs but not compared: ALTER TABLE ADD
// COLUMN appends, so a migrated table may order its columns differently from
// a fresh one without being wrong.
package pgcatalog

// Catalog is the shape of the tables in a set of schemas.
type Catalog struct {
	// Schemas are the schemas that exist, of those asked for, sorted.
	Schemas []string
	// Tables are the ordinary and partitioned tables, sorted by schema and name.
	Tables []*Table
}

// Table is one table.
type Table struct {
	// Schema is the table's schema.
	Schema string
	// Name is the table's name.
	Name string
	// Comment is the COMMENT ON TABLE text, or "".
	Comment string
	// Columns are the live columns in attribute order.
	Columns []*Column
	// PrimaryKey lists the primary key columns in key order.
	PrimaryKey []string
	// Indexes are the indexes other than the primary key's, sorted by name.
	Indexes []*Index
	// Constraints are the constraints other than the primary key (foreign
	// keys, checks, unique and exclusion constraints), sorted by name.
	Constraints []*Constraint
}

// Column is one column.
type Column struct {
	// Name is the column's name.
	Name string
	// Type is the type as format_type prints it, e.g. "timestamp with time zone".
	Type string
	// NotNull is true for NOT NULL columns.
	NotNull bool
	// Default is the default expression as pg_get_expr prints it, or "".
	Default string
	// Comment is the COMMENT ON COLUMN text, or "".
	Comment string
}

// Index is one index.
type Index struct {
	// Name is the index's name.
	Name string
	// Method is the access method, e.g. "btree" or "gin".
	Method string
	// Unique is true for unique indexes.
	Unique bool
	// Columns are the indexed column names, or expressions, in key order.
	Columns []string
	// Def is the CREATE INDEX statement as pg_get_indexdef prints it; empty in
	// a catalog not read from a database, and then not compared.
	Def string
}

// Constraint is one table constraint. NOT NULL constraints (catalogued from
// PostgreSQL 18 on) are left out: Column.NotNull carries them.
type Constraint struct {
	// Name is the constraint's name.
	Name string
	// Type is pg_constraint.contype: "f" foreign key, "c" check, "u" unique, "x" exclusion.
	Type string
	// Def is the definition as pg_get_constraintdef prints it.
	Def string
}

// Table returns the table with the given schema and name, or nil.
func (c *Catalog) Table(schema, name string) *Table {
	for _, t := range c.Tables {
		if t.Schema == schema && t.Name == name {
			return t
		}
	}
	return nil
}

// Column returns the column with the given name, or nil.
func (t *Table) Column(name string) *Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}
