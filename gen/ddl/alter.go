package ddl

import (
	"fmt"
	"slices"
	"strings"

	"github.com/stripesync/stripesync/gen/diff"
	"github.com/stripesync/stripesync/gen/ir"
)

// planner plans the typed changes of one diff.
type planner struct {
	sc schemas
	// newIndexes are the indexes the diff creates itself ("table.index"), by
	// an AddIndex or a RenameIndex.
	newIndexes map[string]bool
}

// newPlanner returns the planner of d's changes.
func newPlanner(sc schemas, d *diff.Diff) *planner {
	p := &planner{sc: sc, newIndexes: map[string]bool{}}
	for _, c := range d.Changes {
		switch c := c.(type) {
		case *diff.AddIndex:
			p.newIndexes[c.Table.Name+"."+c.Index.Name] = true
		case *diff.RenameIndex:
			p.newIndexes[c.Table.Name+"."+c.To.Name] = true
		}
	}
	return p
}

// plan plans one typed change as a commented step with its reverse. A change
// needing no DDL (a column's source) gives nil.
func (p *planner) plan(c diff.Change) *change {
	sc := p.sc
	switch c := c.(type) {
	case *diff.AddTable:
		return createTableChange(sc, c)
	case *diff.DropTable:
		return dropTableChange(sc, c)
	case *diff.AddColumn:
		return addColumnChange(sc, c.Table, c.Column)
	case *diff.DropColumn:
		return dropColumnChange(sc, c.Table, c.Column)
	case *diff.RenameColumn:
		return renameColumnChange(sc, c)
	case *diff.ChangeType:
		return p.changeTypeChange(c)
	case *diff.ChangeNull:
		return changeNullChange(sc, c)
	case *diff.AddIndex, *diff.DropIndex, *diff.RenameIndex:
		return indexChange(sc, c)
	case *diff.ChangeColumnComment, *diff.ChangeTableComment:
		return commentChange(sc, c)
	}
	return nil
}

// tableName names a table in a step's comment, with its schema when that is
// the state schema.
func tableName(t *ir.Table) string {
	if t.Schema == "state" {
		return ident(t.Name) + " (state schema)"
	}
	return ident(t.Name)
}

func createTableChange(sc schemas, c *diff.AddTable) *change {
	ch := tableChange(sc, c.Table)
	if c.Reason != "" {
		ch.comment += ", again: " + c.Reason
	}
	return ch
}

// dropTableChange reverses the table's creation.
func dropTableChange(sc schemas, c *diff.DropTable) *change {
	ch := inverse(tableChange(sc, c.Table))
	ch.comment = fmt.Sprintf("%s drop table %s: its rows are deleted; Down creates it again, empty", lintDropTable, tableName(c.Table))
	if c.Reason != "" {
		ch.comment += " (" + c.Reason + ")"
	}
	return ch
}

// addColumnChange adds a column (appended: fresh installs order columns
// differently, which no query sees) with its description.
func addColumnChange(sc schemas, t *ir.Table, c *ir.Column) *change {
	ch := &change{
		comment: fmt.Sprintf("add column %s to %s", ident(c.Name), tableName(t)),
		up:      append([]string{alterTable(sc, t, "ADD COLUMN "+columnDef(c))}, columnComment(sc, t, c)...),
		down:    []string{alterTable(sc, t, "DROP COLUMN "+ident(c.Name))},
	}
	if !c.Nullable {
		ch.comment = lintAddNotNull + " " + ch.comment + " NOT NULL: fails if the table has rows"
	}
	return ch
}

// dropColumnChange reverses the column's addition.
func dropColumnChange(sc schemas, t *ir.Table, c *ir.Column) *change {
	ch := inverse(addColumnChange(sc, t, c))
	ch.comment = fmt.Sprintf("%s drop column %s of %s: its values are deleted; Down adds it again, empty",
		lintDropColumn, ident(c.Name), tableName(t))
	return ch
}

func renameColumnChange(sc schemas, c *diff.RenameColumn) *change {
	return &change{
		comment: fmt.Sprintf("%s rename column %s of %s to %s: same JSON field (%s), values kept",
			lintRename, ident(c.From.Name), tableName(c.Table), ident(c.To.Name), strings.Join(c.To.Path, ".")),
		up:   []string{alterTable(sc, c.Table, "RENAME COLUMN "+ident(c.From.Name)+" TO "+ident(c.To.Name))},
		down: []string{alterTable(sc, c.Table, "RENAME COLUMN "+ident(c.To.Name)+" TO "+ident(c.From.Name))},
	}
}

func changeNullChange(sc schemas, c *diff.ChangeNull) *change {
	col := "ALTER COLUMN " + ident(c.To.Name)
	if c.To.Nullable {
		return &change{
			comment: fmt.Sprintf("allow NULL in %s of %s (Down sets NOT NULL again and fails if NULLs were written)",
				ident(c.To.Name), tableName(c.Table)),
			up:   []string{alterTable(sc, c.Table, col+" DROP NOT NULL")},
			down: []string{alterTable(sc, c.Table, col+" SET NOT NULL")},
		}
	}
	return &change{
		comment: fmt.Sprintf("%s set %s of %s NOT NULL: fails if the column holds NULLs",
			lintSetNotNull, ident(c.To.Name), tableName(c.Table)),
		up:   []string{alterTable(sc, c.Table, col+" SET NOT NULL")},
		down: []string{alterTable(sc, c.Table, col+" DROP NOT NULL")},
	}
}

// changeTypeChange casts the column when a lossless cast exists; otherwise
// it drops the column and adds it again with the new type, with the indexes
// on it that both models share.
func (p *planner) changeTypeChange(c *diff.ChangeType) *change {
	sc, col := p.sc, ident(c.To.Name)
	if k := findCast(c.From.Type, c.To.Type); k != nil {
		alter := "ALTER COLUMN " + col + " TYPE "
		return &change{
			comment: fmt.Sprintf("change the type of %s of %s from %s to %s with a lossless cast (Down casts back)",
				col, tableName(c.Table), c.From.Type, c.To.Type),
			up:   []string{alterTable(sc, c.Table, alter+c.To.Type+" USING "+k.using(c.To.Name, true))},
			down: []string{alterTable(sc, c.Table, alter+c.From.Type+" USING "+k.using(c.To.Name, false))},
		}
	}
	shared := p.sharedIndexes(c.Table, c.To.Name)
	return &change{
		comment: fmt.Sprintf("%s change the type of %s of %s from %s to %s: no lossless cast, so the column is dropped "+
			"and added again, empty (its values are deleted; the re-backfill fills it)",
			lintLossyType, col, tableName(c.Table), c.From.Type, c.To.Type),
		up:   recreateColumn(sc, c.Table, c.To, shared),
		down: recreateColumn(sc, c.Table, c.From, shared),
	}
}

// recreateColumn drops a column and adds it as c, with its comment and the
// given indexes on it.
func recreateColumn(sc schemas, t *ir.Table, c *ir.Column, indexes []*ir.Index) []string {
	out := []string{alterTable(sc, t, "DROP COLUMN "+ident(c.Name)), alterTable(sc, t, "ADD COLUMN "+columnDef(c))}
	out = append(out, columnComment(sc, t, c)...)
	return append(out, createIndexes(sc, t, indexes)...)
}

// sharedIndexes returns the indexes on column that both models have alike:
// dropping the column drops them, so the step creates them again. Indexes
// that change have their own drop and add steps, before and after this one.
func (p *planner) sharedIndexes(t *ir.Table, column string) []*ir.Index {
	var out []*ir.Index
	for _, ix := range t.Indexes {
		if slices.Contains(ix.Columns, column) && !p.newIndexes[t.Name+"."+ix.Name] {
			out = append(out, ix)
		}
	}
	return out
}

func createIndexes(sc schemas, t *ir.Table, list []*ir.Index) []string {
	var out []string
	for _, ix := range list {
		out = append(out, createIndex(sc, t, ix))
	}
	return out
}

// alterTable returns `ALTER TABLE <table> <action>;`.
func alterTable(sc schemas, t *ir.Table, action string) string {
	return "ALTER TABLE " + sc.qualified(t) + " " + action + ";"
}

// inverse returns the change that undoes c.
func inverse(c *change) *change {
	return &change{comment: c.comment, up: c.down, down: c.up}
}
