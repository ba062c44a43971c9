package upgradetest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"
)

// connect opens one connection for the test.
func connect(t *testing.T, dbURL string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// fingerprint digests every row of every table in the data and state
// schemas, and the list of tables and columns: equal fingerprints mean
// nothing was written.
func fingerprint(t *testing.T, dbURL string) string {
	t.Helper()
	ctx := context.Background()
	conn := connect(t, dbURL)
	rows, err := conn.Query(ctx, `SELECT table_schema, table_name, string_agg(column_name, ',' ORDER BY ordinal_position)
		FROM information_schema.columns WHERE table_schema IN ('stripe', 'stripesync')
		GROUP BY 1, 2 ORDER BY 1, 2`)
	if err != nil {
		t.Fatal(err)
	}
	type table struct{ schema, name, columns string }
	var tables []table
	for rows.Next() {
		var tb table
		if err := rows.Scan(&tb.schema, &tb.name, &tb.columns); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, tb)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	for _, tb := range tables {
		q := fmt.Sprintf(`SELECT count(*), coalesce(md5(string_agg(x::text, E'\n' ORDER BY x::text)), '') FROM %s x`,
			pgx.Identifier{tb.schema, tb.name}.Sanitize())
		var n int64
		var sum string
		if err := conn.QueryRow(ctx, q).Scan(&n, &sum); err != nil {
			t.Fatalf("fingerprint %s.%s: %v", tb.schema, tb.name, err)
		}
		fmt.Fprintf(h, "%s.%s(%s) %d %s\n", tb.schema, tb.name, tb.columns, n, sum)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// queryInt runs a query returning one integer.
func queryInt(t *testing.T, dbURL, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := connect(t, dbURL).QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// rebackfillRows returns the state schema's re-backfill requests: table ->
// the API version recorded with it.
func rebackfillRows(t *testing.T, dbURL string) map[string]string {
	t.Helper()
	rows, err := connect(t, dbURL).Query(context.Background(),
		`SELECT table_name, coalesce(api_version, '') FROM stripesync.rebackfill`)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for rows.Next() {
		var name, version string
		if err := rows.Scan(&name, &version); err != nil {
			t.Fatal(err)
		}
		out[name] = version
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// apiVersions counts a data table's rows by the API version they were
// rendered at.
func apiVersions(t *testing.T, dbURL, table string) map[string]int64 {
	t.Helper()
	q := `SELECT coalesce("_api_version", ''), count(*) FROM ` + pgx.Identifier{"stripe", table}.Sanitize() + ` GROUP BY 1`
	rows, err := connect(t, dbURL).Query(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for rows.Next() {
		var v string
		var n int64
		if err := rows.Scan(&v, &n); err != nil {
			t.Fatal(err)
		}
		out[v] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
