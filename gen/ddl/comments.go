package ddl

import (
	"fmt"

	"github.com/stripesync/stripesync/gen/diff"
	"github.com/stripesync/stripesync/gen/ir"
)

// columnComment returns the COMMENT ON COLUMN statement for a column that has
// a description, or nothing.
func columnComment(sc schemas, t *ir.Table, c *ir.Column) []string {
	if cleanComment(c.Comment) == "" {
		return nil
	}
	return []string{commentOnColumn(sc, t, c.Name, c.Comment)}
}

// commentOnColumn sets (or, for an empty text, removes) a column's comment.
func commentOnColumn(sc schemas, t *ir.Table, column, text string) string {
	return "COMMENT ON COLUMN " + sc.qualified(t) + "." + ident(column) + " IS " + commentValue(text) + ";"
}

// commentOnTable sets (or removes) a table's comment.
func commentOnTable(sc schemas, t *ir.Table, text string) string {
	return "COMMENT ON TABLE " + sc.qualified(t) + " IS " + commentValue(text) + ";"
}

func commentValue(text string) string {
	if text = cleanComment(text); text == "" {
		return "NULL"
	}
	return literal(text)
}

// commentChange updates a table's or a column's description; the reverse
// puts the old one back.
func commentChange(sc schemas, c diff.Change) *change {
	switch c := c.(type) {
	case *diff.ChangeTableComment:
		return &change{
			comment: "update the comment of table " + tableName(c.To),
			up:      []string{commentOnTable(sc, c.To, c.To.Comment)},
			down:    []string{commentOnTable(sc, c.To, c.From.Comment)},
		}
	case *diff.ChangeColumnComment:
		return &change{
			comment: fmt.Sprintf("update the comment of %s.%s", tableName(c.Table), ident(c.To.Name)),
			up:      []string{commentOnColumn(sc, c.Table, c.To.Name, c.To.Comment)},
			down:    []string{commentOnColumn(sc, c.Table, c.To.Name, c.From.Comment)},
		}
	}
	return nil
}

// indexChange creates, drops or renames an index.
func indexChange(sc schemas, c diff.Change) *change {
	switch c := c.(type) {
	case *diff.AddIndex:
		return &change{
			comment: fmt.Sprintf("create index %s on %s", ident(c.Index.Name), tableName(c.Table)),
			up:      []string{createIndex(sc, c.Table, c.Index)},
			down:    []string{dropIndex(sc, c.Table, c.Index.Name)},
		}
	case *diff.DropIndex:
		return &change{
			comment: fmt.Sprintf("drop index %s of %s", ident(c.Index.Name), tableName(c.Table)),
			up:      []string{dropIndex(sc, c.Table, c.Index.Name)},
			down:    []string{createIndex(sc, c.Table, c.Index)},
		}
	case *diff.RenameIndex:
		return &change{
			comment: fmt.Sprintf("rename index %s of %s to %s", ident(c.From.Name), tableName(c.Table), ident(c.To.Name)),
			up:      []string{renameIndex(sc, c.Table, c.From.Name, c.To.Name)},
			down:    []string{renameIndex(sc, c.Table, c.To.Name, c.From.Name)},
		}
	}
	return nil
}

func dropIndex(sc schemas, t *ir.Table, name string) string {
	return "DROP INDEX " + sc[t.Schema] + "." + ident(name) + ";"
}

func renameIndex(sc schemas, t *ir.Table, from, to string) string {
	return "ALTER INDEX " + sc[t.Schema] + "." + ident(from) + " RENAME TO " + ident(to) + ";"
}
