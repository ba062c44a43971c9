package ddl_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stripesync/stripesync/gen/ir"
)

// The rows a test database is filled with are built from the model alone:
// for every column, the value at its Path in the resource's fixture, shaped
// as the syncer stores it. Each table gets two rows: the fixture as it is,
// and the fixture with its key suffixed and every value it lacks made up
// from the column's type, so every column holds something.

// fillTables inserts rows into every table of s (data and state) in the
// given Postgres schemas.
func fillTables(t *testing.T, db *sql.DB, s *ir.Schema, fixtures map[string]map[string]any, data, state string) {
	t.Helper()
	names := map[string]string{"data": data, "state": state}
	for _, tb := range s.Tables {
		fixture := fixtures[tb.Resource]
		for n := range 2 {
			row := rowOf(tb, fixture, n)
			q := quoted(names[tb.Schema], tb.Name)
			stmt := "INSERT INTO " + q + " SELECT * FROM jsonb_populate_record(NULL::" + q + ", $1::jsonb)"
			if _, err := db.Exec(stmt, mustJSON(row)); err != nil {
				t.Fatalf("insert into %s: %v\n%s", tb.Name, err, mustJSON(row))
			}
		}
	}
}

// rowOf builds row n of a table as JSON-ready values by column name.
func rowOf(tb *ir.Table, fixture map[string]any, n int) map[string]any {
	row := map[string]any{}
	for _, c := range tb.Columns {
		v := valueOf(c, fixture)
		if v == nil && (n == 1 || isKey(tb, c)) && !isBookkeeping(c) {
			v = madeUp(c)
		}
		if n == 1 && isKey(tb, c) {
			v = fmt.Sprint(v) + "_2"
		}
		row[c.Name] = v
	}
	return row
}

func isKey(tb *ir.Table, c *ir.Column) bool {
	for _, k := range tb.PrimaryKey {
		if k == c.Name {
			return true
		}
	}
	return false
}

func isBookkeeping(c *ir.Column) bool {
	return c.Kind == ir.ColBookkeeping || c.Kind == ir.ColExtra
}

// valueOf returns the column's value in a fixture as the syncer stores it,
// or nil when the fixture lacks it or holds a value of another shape.
func valueOf(c *ir.Column, obj map[string]any) any {
	v := at(obj, c.Path)
	if v == nil || isBookkeeping(c) || len(c.Path) == 0 {
		return nil
	}
	switch c.Kind {
	case ir.ColTimestamp:
		if n, ok := integer(v); ok {
			return time.Unix(n, 0).UTC().Format(time.RFC3339)
		}
	case ir.ColDecimal:
		if s, ok := v.(string); ok && isNumber(s) {
			return s
		}
	case ir.ColRefID, ir.ColParent:
		return idOf(v)
	case ir.ColRefType:
		return typeOf(v, c.Targets)
	case ir.ColRefIDs:
		return listOf(v, idOf)
	case ir.ColArray:
		return listOf(v, func(x any) any { return scalar("text", x) })
	case ir.ColJSON:
		return v
	case ir.ColScalar:
		return scalar(c.Type, v)
	}
	return nil
}

// at follows a JSON path through objects.
func at(obj map[string]any, path []string) any {
	var v any = obj
	for _, key := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[key]
	}
	return v
}

// scalar returns v when it fits a column of type typ.
func scalar(typ string, v any) any {
	switch x := v.(type) {
	case string:
		if typ == "text" {
			return x
		}
	case bool:
		if typ == "boolean" {
			return x
		}
	case json.Number:
		if _, ok := integer(x); ok && (typ == "bigint" || typ == "integer") || typ == "numeric" {
			return x
		}
	}
	return nil
}

func integer(v any) (int64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	i, err := n.Int64()
	return i, err == nil
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// idOf returns a reference's id: the string itself, or an expanded object's id.
func idOf(v any) any {
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		if id, ok := x["id"].(string); ok {
			return id
		}
	}
	return nil
}

// typeOf returns a reference's object type: an expanded object's, else the
// first target's.
func typeOf(v any, targets []string) any {
	if m, ok := v.(map[string]any); ok {
		return m["object"]
	}
	if _, ok := v.(string); ok && len(targets) > 0 {
		return targets[0]
	}
	return nil
}

// listOf maps an array's items, or returns nil if one does not map.
func listOf(v any, item func(any) any) any {
	list, ok := v.([]any)
	if !ok {
		return nil
	}
	out := make([]any, 0, len(list))
	for _, x := range list {
		y := item(x)
		if y == nil {
			return nil
		}
		out = append(out, y)
	}
	return out
}

// madeUp returns a value of the column's type for data the fixture lacks.
func madeUp(c *ir.Column) any {
	switch c.Type {
	case "bigint", "integer":
		return json.Number(strconv.Itoa(len(c.Name)))
	case "numeric":
		return json.Number("1.25")
	case "boolean":
		return true
	case "timestamptz":
		return "2024-01-02T03:04:05Z"
	case "jsonb":
		return map[string]any{"made_up": c.Name}
	case "text[]":
		return []any{c.Name, "b"}
	}
	return c.Name + "_value"
}

// dumpTables reads every row of every table of s, keyed by table, then by
// primary key, as decoded JSON objects.
func dumpTables(t *testing.T, db *sql.DB, s *ir.Schema, data, state string) map[string]map[string]map[string]any {
	t.Helper()
	names := map[string]string{"data": data, "state": state}
	out := map[string]map[string]map[string]any{}
	for _, tb := range s.Tables {
		rows, err := db.Query("SELECT to_jsonb(t)::text FROM " + quoted(names[tb.Schema], tb.Name) + " t")
		if err != nil {
			t.Fatalf("dump %s: %v", tb.Name, err)
		}
		out[tb.Name] = readRows(t, rows, tb.PrimaryKey)
	}
	return out
}

func readRows(t *testing.T, rows *sql.Rows, key []string) map[string]map[string]any {
	t.Helper()
	defer rows.Close()
	out := map[string]map[string]any{}
	for rows.Next() {
		var text string
		if err := rows.Scan(&text); err != nil {
			t.Fatal(err)
		}
		row := map[string]any{}
		dec := json.NewDecoder(bytes.NewReader([]byte(text)))
		dec.UseNumber()
		if err := dec.Decode(&row); err != nil {
			t.Fatal(err)
		}
		parts := make([]string, len(key))
		for i, k := range key {
			parts[i] = fmt.Sprint(row[k])
		}
		out[strings.Join(parts, "|")] = row
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func quoted(schema, table string) string {
	return `"` + schema + `"."` + table + `"`
}
