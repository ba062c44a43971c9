package ddl

import (
	"fmt"
	"strings"

	"github.com/stripesync/stripesync/gen/ir"
)

// schemas maps an ir.Table's Schema ("data", "state") to the quoted
// placeholder naming it in SQL.
type schemas map[string]string

// qualified returns the quoted, schema-qualified name of a table.
func (sc schemas) qualified(t *ir.Table) string {
	return sc[t.Schema] + "." + ident(t.Name)
}

// tableChange plans the creation of one table with its indexes and comments;
// its reverse drops the table, which drops its indexes and comments too.
func tableChange(sc schemas, t *ir.Table) *change {
	c := &change{
		comment: fmt.Sprintf("create table %s in the %s schema", ident(t.Name), t.Schema),
		notes:   referenceNotes(t),
		up:      []string{createTable(sc, t)},
		down:    []string{"DROP TABLE " + sc.qualified(t) + ";"},
	}
	for _, ix := range t.Indexes {
		c.up = append(c.up, createIndex(sc, t, ix))
	}
	c.up = append(c.up, comments(sc, t)...)
	return c
}

// createTable returns the CREATE TABLE statement, one column per line.
func createTable(sc schemas, t *ir.Table) string {
	lines := make([]string, 0, len(t.Columns)+1)
	for _, col := range t.Columns {
		lines = append(lines, "  "+columnDef(col))
	}
	if len(t.PrimaryKey) > 0 {
		lines = append(lines, "  PRIMARY KEY ("+identList(t.PrimaryKey)+")")
	}
	return "CREATE TABLE " + sc.qualified(t) + " (\n" + strings.Join(lines, ",\n") + "\n);"
}

// columnDef returns `"name" type [NOT NULL] [DEFAULT expr]`.
func columnDef(c *ir.Column) string {
	def := ident(c.Name) + " " + c.Type
	if !c.Nullable {
		def += " NOT NULL"
	}
	if d := columnDefault(c); d != "" {
		def += " DEFAULT " + d
	}
	return def
}

// columnDefault returns the column's default expression, if it has one: the
// sync time stamps itself so the upsert code need not send it.
func columnDefault(c *ir.Column) string {
	if c.Name == "_synced_at" {
		return "now()"
	}
	return ""
}

// createIndex returns the CREATE INDEX statement for a secondary index.
func createIndex(sc schemas, t *ir.Table, ix *ir.Index) string {
	unique := ""
	if ix.Unique {
		unique = "UNIQUE "
	}
	where := ""
	if ix.Where != "" {
		where = " WHERE " + ix.Where
	}
	return fmt.Sprintf("CREATE %sINDEX %s ON %s USING %s (%s)%s;",
		unique, ident(ix.Name), sc.qualified(t), ix.Method, identList(ix.Columns), where)
}

// comments returns COMMENT ON statements for the table and each column that
// has a description. Rules and reasons stay out: they belong in the docs.
func comments(sc schemas, t *ir.Table) []string {
	var out []string
	if cleanComment(t.Comment) != "" {
		out = append(out, commentOnTable(sc, t, t.Comment))
	}
	for _, col := range t.Columns {
		out = append(out, columnComment(sc, t, col)...)
	}
	return out
}

// referenceNotes lists the table's logical foreign keys as comment lines; they
// are not constraints because sync order is not guaranteed.
func referenceNotes(t *ir.Table) []string {
	var out []string
	for _, fk := range t.ForeignKeys {
		out = append(out, fmt.Sprintf("references (not enforced): (%s) -> %s (%s)",
			identList(fk.Columns), ident(fk.RefTable), identList(fk.RefColumns)))
	}
	return out
}

// identList quotes and comma-separates identifiers.
func identList(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = ident(n)
	}
	return strings.Join(quoted, ", ")
}
