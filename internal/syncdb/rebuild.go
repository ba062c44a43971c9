package syncdb

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// Querier runs queries: a pgx.Tx, *pgx.Conn or *pgxpool.Pool.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// Rebuild reads a row by primary key, with its child rows, and rebuilds the
// Stripe JSON it was decoded from: columns, constants, nested lists from
// child tables, then _extra on top. It proves that nothing was lost.
func (s *Store) Rebuild(ctx context.Context, db Querier, t *Table, key ...string) (json.RawMessage, error) {
	obj, err := s.rebuild(ctx, db, t, key)
	if err != nil {
		return nil, fmt.Errorf("syncdb: table %q: rebuild: %w", t.Name, err)
	}
	return json.Marshal(obj)
}

func (s *Store) rebuild(ctx context.Context, db Querier, t *Table, key []string) (map[string]any, error) {
	where := make([]string, len(t.PrimaryKey))
	args := make([]any, len(key))
	for i, k := range t.PrimaryKey {
		where[i] = fmt.Sprintf("%s = $%d", quote(k), i+1)
		args[i] = key[i]
	}
	rows, err := s.read(ctx, db, t, strings.Join(where, " AND "), "", args...)
	if err != nil {
		return nil, err
	}
	if len(rows) != 1 {
		return nil, fmt.Errorf("%d rows for key %q", len(rows), key)
	}
	return s.rebuildRow(ctx, db, t, rows[0])
}

// rebuildRow rebuilds one row with its nested lists.
func (s *Store) rebuildRow(ctx context.Context, db Querier, t *Table, r Row) (map[string]any, error) {
	e := NewEncoder()
	r.Encode(e)
	obj := e.Object()
	cols := r.Pointers(nil)
	for _, nl := range t.NestedLists {
		list, err := s.rebuildList(ctx, db, t, nl, r.Info().ID, cols)
		if err != nil {
			return nil, err
		}
		if list != nil {
			obj[nl.Field] = list
		}
	}
	if err := mergeExtra(obj, extraOf(t, cols)); err != nil {
		return nil, err
	}
	return obj, nil
}

// rebuildList rebuilds an embedded list that was present (its has_more
// column is set) from the child tables that hold its items.
func (s *Store) rebuildList(ctx context.Context, db Querier, t *Table, nl *NestedList, id string, cols []any) (map[string]any, error) {
	hasMore, ok := columnValue(t, cols, nl.HasMoreColumn).(*pgtypeBool)
	if !ok || !hasMore.Valid {
		return nil, nil
	}
	data := []any{}
	for i, item := range nl.Tables {
		col := nl.ItemParentColumns[i]
		if col == "" {
			continue
		}
		rows, err := s.read(ctx, db, item, quote(col)+" = $1", listOrder(item, t), id)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			obj, err := s.rebuildRow(ctx, db, item, r)
			if err != nil {
				return nil, err
			}
			data = append(data, obj)
		}
	}
	list := map[string]any{"object": "list", "data": data, "has_more": hasMore.Bool}
	if u := ListURL(nl, id); u != "" {
		list["url"] = u
	}
	return list, nil
}

// read selects rows of a table.
func (s *Store) read(ctx context.Context, db Querier, t *Table, where, order string, args ...any) ([]Row, error) {
	cols := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = quote(c.Name)
	}
	sql := "SELECT " + strings.Join(cols, ", ") + " FROM " + quote(s.data, t.Name) + " WHERE " + where
	if order != "" {
		sql += " ORDER BY " + order
	}
	rows, err := db.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Row
	for rows.Next() {
		r := t.Codec.New()
		if err := rows.Scan(r.Pointers(nil)...); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// listOrder orders a list's items: by position for a child table, else
// newest first as Stripe lists them.
func listOrder(item, parent *Table) string {
	if item.Parent != nil && item.Parent.Table == parent {
		return quote(item.Parent.PositionColumn) + ", " + quote("id")
	}
	for _, c := range item.Columns {
		if c.Name == "created" && c.Type == "timestamptz" {
			return quote("created") + " DESC, " + quote("id")
		}
	}
	return quote("id")
}
