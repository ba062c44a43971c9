package main

import (
	"strings"
	"sync"
	"testing"
)

// versionRows counts goose's records of the build's newest migration.
func versionRows() string {
	return `SELECT count(*) FROM stripesync.goose_db_version WHERE version_id = ` + latestS() + ` AND is_applied`
}

func TestMigrateTwiceIsANoOp(t *testing.T) {
	t.Parallel()
	db := emptyDB(t)
	env := map[string]string{"DATABASE_URL": db}
	first := run(t, env, "migrate")
	if first.code != 0 || !strings.Contains(first.stdout, "migrate: applied 00001_") ||
		!strings.Contains(first.stdout, "database is at migration "+latestS()+" ("+latestS()+" applied") {
		t.Fatalf("first migrate: %s", first)
	}
	before := fingerprint(t, db)
	second := run(t, env, "migrate")
	if second.code != 0 || strings.Contains(second.stdout, "applied") ||
		!strings.Contains(second.stdout, "database is at migration "+latestS()+", as this build expects: nothing to do") {
		t.Fatalf("second migrate: %s", second)
	}
	wantUnchanged(t, db, before)
	if n := queryInt(t, db, versionRows()); n != 1 {
		t.Errorf("migration %d recorded %d times", latestMigration(), n)
	}
}

func TestConcurrentMigratesTakeTurns(t *testing.T) {
	t.Parallel()
	db := emptyDB(t)
	env := map[string]string{"DATABASE_URL": db}
	const n = 3
	results := make([]result, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = run(t, env, "migrate")
		}()
	}
	wg.Wait()
	applied := 0
	for i, r := range results {
		if r.code != 0 {
			t.Fatalf("migrate %d: %s", i, r)
		}
		if strings.Contains(r.stdout, "migrate: applied 00001_") {
			applied++
		} else if !strings.Contains(r.stdout, "nothing to do") {
			t.Errorf("migrate %d neither applied nor found nothing to do: %s", i, r)
		}
	}
	if applied != 1 {
		t.Errorf("%d of %d concurrent migrates applied the migrations, want exactly 1", applied, n)
	}
	if got := queryInt(t, db, versionRows()); got != 1 {
		t.Errorf("migration %d recorded %d times", latestMigration(), got)
	}
}

func TestMigrateCustomSchemas(t *testing.T) {
	t.Parallel()
	db := emptyDB(t)
	env := map[string]string{"DATABASE_URL": db, "STRIPESYNC_SCHEMA": "billing", "STRIPESYNC_STATE_SCHEMA": "billing_sync"}
	if r := run(t, env, "migrate"); r.code != 0 {
		t.Fatalf("migrate: %s", r)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM billing_sync.goose_db_version WHERE version_id = 1`); n != 1 {
		t.Errorf("version recorded %d times in billing_sync", n)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM pg_tables WHERE schemaname = 'billing'`); n == 0 {
		t.Error("no tables in the data schema billing")
	}
	if n := queryInt(t, db, `SELECT count(*) FROM pg_namespace WHERE nspname IN ('stripe', 'stripesync')`); n != 0 {
		t.Error("default schemas created although others were configured")
	}
	// The flags override the environment.
	r := run(t, env, "migrate", "--schema", "stripe", "--state-schema", "stripesync")
	if r.code != 0 || !strings.Contains(r.stdout, "applied") {
		t.Fatalf("migrate with flags: %s", r)
	}
}
