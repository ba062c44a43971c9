package pgcatalog

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
)

// Querier runs queries: *sql.DB, *sql.Conn and *sql.Tx all do. The schema
// list is passed as a []string parameter, which pgx's stdlib driver sends as
// a text[].
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Read returns the shape of every table in the given schemas.
func Read(ctx context.Context, db Querier, schemas ...string) (*Catalog, error) {
	c := &Catalog{Schemas: []string{}}
	byKey := map[string]*Table{}
	steps := []struct {
		what  string
		query string
		scan  func(*sql.Rows) error
	}{
		{"schemas", schemasQuery, func(r *sql.Rows) error { return scanSchema(r, c) }},
		{"tables", tablesQuery, func(r *sql.Rows) error { return scanTable(r, c, byKey) }},
		{"columns", columnsQuery, func(r *sql.Rows) error { return scanColumn(r, byKey) }},
		{"indexes", indexesQuery, func(r *sql.Rows) error { return scanIndex(r, byKey) }},
		{"constraints", constraintsQuery, func(r *sql.Rows) error { return scanConstraint(r, byKey) }},
	}
	for _, s := range steps {
		if err := query(ctx, db, s.query, schemas, s.scan); err != nil {
			return nil, fmt.Errorf("pgcatalog: read %s: %w", s.what, err)
		}
	}
	return c, nil
}

// query runs q with the schema list and calls scan for each row.
func query(ctx context.Context, db Querier, q string, schemas []string, scan func(*sql.Rows) error) error {
	rows, err := db.QueryContext(ctx, q, schemas)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

const schemasQuery = `
SELECT nspname FROM pg_namespace WHERE nspname = ANY($1) ORDER BY nspname`

func scanSchema(r *sql.Rows, c *Catalog) error {
	var name string
	if err := r.Scan(&name); err != nil {
		return err
	}
	c.Schemas = append(c.Schemas, name)
	return nil
}

const tablesQuery = `
SELECT n.nspname, c.relname, coalesce(obj_description(c.oid, 'pg_class'), '')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p')
ORDER BY n.nspname, c.relname`

func scanTable(r *sql.Rows, c *Catalog, byKey map[string]*Table) error {
	t := &Table{Columns: []*Column{}, PrimaryKey: []string{}, Indexes: []*Index{}, Constraints: []*Constraint{}}
	if err := r.Scan(&t.Schema, &t.Name, &t.Comment); err != nil {
		return err
	}
	c.Tables = append(c.Tables, t)
	byKey[t.Schema+"."+t.Name] = t
	return nil
}

const columnsQuery = `
SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       coalesce(pg_get_expr(d.adbin, d.adrelid), ''), coalesce(col_description(c.oid, a.attnum), '')
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY n.nspname, c.relname, a.attnum`

func scanColumn(r *sql.Rows, byKey map[string]*Table) error {
	var schema, table string
	col := &Column{}
	if err := r.Scan(&schema, &table, &col.Name, &col.Type, &col.NotNull, &col.Default, &col.Comment); err != nil {
		return err
	}
	if t := byKey[schema+"."+table]; t != nil {
		t.Columns = append(t.Columns, col)
	}
	return nil
}

// indexesQuery lists each index with its key columns as a JSON array: plain
// columns by name, expressions as pg_get_indexdef prints them.
const indexesQuery = `
SELECT n.nspname, t.relname, i.relname, am.amname, x.indisunique, x.indisprimary,
       pg_get_indexdef(x.indexrelid),
       (SELECT json_agg(coalesce(a.attname, pg_get_indexdef(x.indexrelid, k.ord::int, true)) ORDER BY k.ord)
        FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
        LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum AND k.attnum > 0)::text
FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_class t ON t.oid = x.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
JOIN pg_am am ON am.oid = i.relam
WHERE n.nspname = ANY($1) AND t.relkind IN ('r', 'p')
ORDER BY n.nspname, t.relname, i.relname`

func scanIndex(r *sql.Rows, byKey map[string]*Table) error {
	var schema, table, columns string
	var primary bool
	ix := &Index{}
	if err := r.Scan(&schema, &table, &ix.Name, &ix.Method, &ix.Unique, &primary, &ix.Def, &columns); err != nil {
		return err
	}
	if err := json.Unmarshal([]byte(columns), &ix.Columns); err != nil {
		return fmt.Errorf("index %s columns: %w", ix.Name, err)
	}
	t := byKey[schema+"."+table]
	switch {
	case t == nil:
	case primary:
		t.PrimaryKey = ix.Columns
	default:
		t.Indexes = append(t.Indexes, ix)
	}
	return nil
}

const constraintsQuery = `
SELECT n.nspname, t.relname, c.conname, c.contype::text, pg_get_constraintdef(c.oid)
FROM pg_constraint c
JOIN pg_class t ON t.oid = c.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = ANY($1) AND t.relkind IN ('r', 'p') AND c.contype NOT IN ('p', 'n')
ORDER BY n.nspname, t.relname, c.conname`

func scanConstraint(r *sql.Rows, byKey map[string]*Table) error {
	var schema, table string
	con := &Constraint{}
	if err := r.Scan(&schema, &table, &con.Name, &con.Type, &con.Def); err != nil {
		return err
	}
	if t := byKey[schema+"."+table]; t != nil {
		t.Constraints = append(t.Constraints, con)
	}
	return nil
}
