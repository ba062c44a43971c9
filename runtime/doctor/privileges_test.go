package doctor_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/stripesync/stripesync/internal/pgtest"
	"github.com/stripesync/stripesync/runtime/doctor"
	"github.com/stripesync/stripesync/runtime/stripetest"
)

// limitedRole creates a login role that may read the data tables but not
// write them, may not create temporary tables or schemas, and returns a
// pool connected as it. The role is dropped when the test ends.
func limitedRole(t *testing.T) *pgxpool.Pool {
	t.Helper()
	dbURL := pgtest.NewDatabase(t)
	admin, err := pgxpool.New(t.Context(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(admin.Close)
	migrate(t, admin)
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	role := "doctor_ro_" + hex.EncodeToString(b)
	id := pgx.Identifier{role}.Sanitize()
	for _, sql := range []string{
		"CREATE ROLE " + id + " LOGIN PASSWORD 'doctor'",
		"REVOKE ALL ON DATABASE " + pgx.Identifier{dbName(t, dbURL)}.Sanitize() + " FROM PUBLIC",
		"GRANT CONNECT ON DATABASE " + pgx.Identifier{dbName(t, dbURL)}.Sanitize() + " TO " + id,
		"GRANT USAGE ON SCHEMA stripe, stripesync TO " + id,
		"GRANT SELECT ON ALL TABLES IN SCHEMA stripe TO " + id,
		"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA stripesync TO " + id,
	} {
		if _, err := admin.Exec(t.Context(), sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	u, _ := url.Parse(dbURL)
	u.User = url.UserPassword(role, "doctor")
	pool, err := pgxpool.New(t.Context(), u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		pool.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, _ = admin.Exec(ctx, "DROP OWNED BY "+id)
		if _, err := admin.Exec(ctx, "DROP ROLE "+id); err != nil {
			t.Errorf("drop role: %v", err)
		}
	})
	return pool
}

func dbName(t *testing.T, dbURL string) string {
	t.Helper()
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimPrefix(u.Path, "/")
}

func TestDatabasePrivileges(t *testing.T) {
	fake := stripetest.NewTestServer(t)
	key, c := client(t, fake.URL(), secretKey)
	pool := limitedRole(t)
	r, out := run(t, doctor.Config{Key: key, Client: c, DB: pool})
	t.Logf("\n%s", out)
	if r.ExitCode() != 1 {
		t.Errorf("exit %d, want 1", r.ExitCode())
	}
	want := map[string]doctor.Result{
		"schema version": doctor.OK, "temp tables": doctor.Fail, "schema stripe": doctor.Warn,
		"tables in stripe": doctor.Fail, "tables in stripesync": doctor.OK,
	}
	for name, res := range want {
		if got := row(t, r, name); got.Result != res {
			t.Errorf("%s: %+v, want %s", name, got, res)
		}
	}
	if d := row(t, r, "tables in stripe").Detail; !strings.Contains(d, "(INSERT, UPDATE, DELETE)") || !strings.Contains(d, `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "stripe"`) {
		t.Errorf("table privileges detail %q", d)
	}
	if strings.Contains(out, "PASSWORD") || strings.Contains(out, ":doctor@") {
		t.Error("the database password is in the report")
	}
}
