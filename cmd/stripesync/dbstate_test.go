package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/stripesync/stripesync/internal/pgtest"
)

// fingerprint describes everything a command could have written to a
// database: each user schema, each table in it and its row count. Two
// equal fingerprints mean nothing was created, dropped, inserted or
// deleted.
func fingerprint(t *testing.T, dbURL string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatalf("fingerprint: %v", err)
	}
	defer conn.Close(ctx)
	schemas := queryStrings(t, ctx, conn, `SELECT nspname FROM pg_namespace
		WHERE nspname NOT LIKE 'pg\_%' AND nspname <> 'information_schema' ORDER BY 1`)
	tables := queryStrings(t, ctx, conn, `SELECT format('%I.%I', schemaname, tablename) FROM pg_tables
		WHERE schemaname NOT LIKE 'pg\_%' AND schemaname <> 'information_schema' ORDER BY 1`)
	var b strings.Builder
	fmt.Fprintf(&b, "schemas %v\n", schemas)
	for _, tbl := range tables {
		var n int64
		if err := conn.QueryRow(ctx, "SELECT count(*) FROM "+tbl).Scan(&n); err != nil {
			t.Fatalf("fingerprint: count %s: %v", tbl, err)
		}
		fmt.Fprintf(&b, "%s %d\n", tbl, n)
	}
	return b.String()
}

// queryStrings returns the first column of every row.
func queryStrings(t *testing.T, ctx context.Context, conn *pgx.Conn, q string, args ...any) []string {
	t.Helper()
	rows, err := conn.Query(ctx, q, args...)
	if err != nil {
		t.Fatalf("query: %v", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatalf("query: %v", err)
	}
	sort.Strings(out)
	return out
}

// exec runs one statement on the database.
func execSQL(t *testing.T, dbURL, q string, args ...any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// queryInt returns the single integer a query yields.
func queryInt(t *testing.T, dbURL, q string, args ...any) int64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int64
	if err := conn.QueryRow(ctx, q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// emptyDB returns the URL of a new, empty database for the test.
func emptyDB(t *testing.T) string {
	t.Helper()
	return pgtest.NewDatabase(t)
}

// migratedDB returns the URL of a new database migrated by the command.
func migratedDB(t *testing.T) string {
	t.Helper()
	db := emptyDB(t)
	if r := run(t, map[string]string{"DATABASE_URL": db}, "migrate"); r.code != 0 {
		t.Fatalf("migrate: %s", r)
	}
	return db
}

// wantUnchanged fails when the database's fingerprint moved.
func wantUnchanged(t *testing.T, dbURL, before string) {
	t.Helper()
	if after := fingerprint(t, dbURL); after != before {
		t.Errorf("the command wrote to the database:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

// queryString returns the single string a query yields.
func queryString(t *testing.T, dbURL, q string, args ...any) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var s string
	if err := conn.QueryRow(ctx, q, args...).Scan(&s); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return s
}
