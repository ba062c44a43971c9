package diff

import "github.com/stripesync/stripesync/gen/ir"

// Change is one typed difference between two models, on one table. The
// concrete types below are the whole set; gen/ddl plans each as SQL.
type Change interface {
	// On returns the table the change belongs to: the new model's table, or
	// the old model's for a dropped table.
	On() *ir.Table
}

// AddTable is a table the new model has and the old one does not.
type AddTable struct {
	// Table is the new table.
	Table *ir.Table
	// Reason says why a table of an existing name is created again ("" for a new one).
	Reason string
}

// DropTable is a table the old model has and the new one does not.
type DropTable struct {
	// Table is the old table.
	Table *ir.Table
	// Reason says why a table that keeps its name is dropped ("" for a removed one).
	Reason string
}

// AddColumn is a column the table gains.
type AddColumn struct {
	// Table is the new table.
	Table *ir.Table
	// Column is the new column.
	Column *ir.Column
}

// DropColumn is a column the table loses.
type DropColumn struct {
	// Table is the new table.
	Table *ir.Table
	// Column is the old column.
	Column *ir.Column
}

// RenameColumn is a column that keeps its values under a new name (see the
// rename rule in rename.go).
type RenameColumn struct {
	// Table is the new table.
	Table *ir.Table
	// From is the old column; To the new one.
	From, To *ir.Column
}

// ChangeType is a column whose Postgres type changes.
type ChangeType struct {
	// Table is the new table.
	Table *ir.Table
	// From is the old column; To the new one (same name).
	From, To *ir.Column
}

// ChangeNull is a column that becomes nullable or NOT NULL.
type ChangeNull struct {
	// Table is the new table.
	Table *ir.Table
	// From is the old column; To the new one (same name).
	From, To *ir.Column
}

// ChangeSource is a column that keeps its name and type but is filled from a
// different place (its kind or JSON path changed). It needs no DDL, but the
// stored values were derived the old way, so the table is backfilled again.
type ChangeSource struct {
	// Table is the new table.
	Table *ir.Table
	// From is the old column; To the new one (same name).
	From, To *ir.Column
}

// ChangeColumnComment is a column whose description changes.
type ChangeColumnComment struct {
	// Table is the new table.
	Table *ir.Table
	// From is the old column; To the new one (same name).
	From, To *ir.Column
}

// ChangeTableComment is a table whose description changes.
type ChangeTableComment struct {
	// From is the old table; To the new one (same name).
	From, To *ir.Table
}

// AddIndex is an index the table gains.
type AddIndex struct {
	// Table is the new table.
	Table *ir.Table
	// Index is the new index.
	Index *ir.Index
}

// DropIndex is an index the table loses.
type DropIndex struct {
	// Table is the new table.
	Table *ir.Table
	// Index is the old index.
	Index *ir.Index
}

// RenameIndex is an index that stays as it is under a new name.
type RenameIndex struct {
	// Table is the new table.
	Table *ir.Table
	// From is the old index; To the new one.
	From, To *ir.Index
}

// On returns the new table.
func (c *AddTable) On() *ir.Table { return c.Table }

// On returns the old table.
func (c *DropTable) On() *ir.Table { return c.Table }

// On returns the table.
func (c *AddColumn) On() *ir.Table { return c.Table }

// On returns the table.
func (c *DropColumn) On() *ir.Table { return c.Table }

// On returns the table.
func (c *RenameColumn) On() *ir.Table { return c.Table }

// On returns the table.
func (c *ChangeType) On() *ir.Table { return c.Table }

// On returns the table.
func (c *ChangeNull) On() *ir.Table { return c.Table }

// On returns the table.
func (c *ChangeSource) On() *ir.Table { return c.Table }

// On returns the table.
func (c *ChangeColumnComment) On() *ir.Table { return c.Table }

// On returns the new table.
func (c *ChangeTableComment) On() *ir.Table { return c.To }

// On returns the table.
func (c *AddIndex) On() *ir.Table { return c.Table }

// On returns the table.
func (c *DropIndex) On() *ir.Table { return c.Table }

// On returns the table.
func (c *RenameIndex) On() *ir.Table { return c.Table }
