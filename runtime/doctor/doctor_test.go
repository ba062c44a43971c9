package doctor_test

import (
	"bytes"
	"context"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/internal/pgtest"
	"github.com/stripesync/stripesync/migrations"
	"github.com/stripesync/stripesync/runtime/doctor"
	"github.com/stripesync/stripesync/runtime/stripeclient"
	"github.com/stripesync/stripesync/runtime/stripetest"
)

const (
	secretKey     = "sk_test_doctor0123456789"
	restrictedKey = "rk_test_doctor0123456789"
)

// client returns a key and a client for base with few retries.
func client(t testing.TB, base, key string) (stripeclient.Key, *stripeclient.Client) {
	t.Helper()
	k, err := stripeclient.ParseKey(key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := stripeclient.New(stripeclient.Config{Key: k, BaseURL: base, APIVersion: generated.APIVersion,
		RateLimit: stripeclient.RateLimit{Off: true}, Logger: slog.New(slog.DiscardHandler),
		Retry: stripeclient.Retry{MaxAttempts: 2, BaseDelay: 10 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	return k, c
}

// migrate applies the embedded migrations.
func migrate(t testing.TB, pool *pgxpool.Pool) {
	t.Helper()
	db := stdlib.OpenDBFromPool(pool)
	defer db.Close()
	p, err := migrations.NewProvider(db, "stripe", "stripesync")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Up(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
}

// run runs the doctor and returns the report and its rendering.
func run(t *testing.T, cfg doctor.Config) (*doctor.Report, string) {
	t.Helper()
	r, err := doctor.Run(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := r.Render(&out); err != nil {
		t.Fatal(err)
	}
	return r, out.String()
}

// row returns the named check, failing the test when it is missing.
func row(t *testing.T, r *doctor.Report, name string) doctor.Check {
	t.Helper()
	for _, c := range r.Checks {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no %q row in %+v", name, r.Checks)
	return doctor.Check{}
}

func TestRestrictedKeyLackingPermissions(t *testing.T) {
	fake := stripetest.NewTestServer(t)
	fake.RestrictKey(restrictedKey, "customer", "charge", "webhook_endpoint")
	key, c := client(t, fake.URL(), restrictedKey)
	pool := pgtest.NewPool(t)
	migrate(t, pool)
	r, out := run(t, doctor.Config{Key: key, Client: c, DB: pool})
	t.Logf("\n%s", out)
	if r.ExitCode() != 1 {
		t.Errorf("exit code %d, want 1", r.ExitCode())
	}
	if k := row(t, r, "api key"); k.Result != doctor.OK || !strings.Contains(k.Detail, "test mode, restricted key") {
		t.Errorf("api key row %+v", k)
	}
	if l := row(t, r, "lists"); l.Result != doctor.Fail || r.Probed-r.Readable != 3 {
		t.Errorf("lists row %+v (%d of %d readable)", l, r.Readable, r.Probed)
	}
	cus := row(t, r, "permission rak_customer_read")
	if cus.Result != doctor.Fail || !strings.Contains(cus.Detail, "grant rak_customer_read (Customer: Read)") {
		t.Errorf("customer permission row %+v", cus)
	}
	denied := map[string][]string{}
	for _, d := range r.Denials {
		denied[d.Permission] = d.Tables
	}
	if ts := denied["rak_customer_read"]; !slices.Contains(ts, "customers") || !slices.Contains(ts, "customer_balance_transactions") || slices.Contains(ts, "charges") {
		t.Errorf("tables behind rak_customer_read: %v", ts)
	}
	if ts := denied["rak_charge_read"]; !slices.Contains(ts, "charges") || slices.Contains(ts, "customers") {
		t.Errorf("tables behind rak_charge_read: %v", ts)
	}
	if w := row(t, r, "webhook endpoints"); w.Result != doctor.Warn || !strings.Contains(w.Detail, "rak_webhook_endpoint_write") {
		t.Errorf("webhook endpoints row %+v", w)
	}
	for _, name := range []string{"events", "database", "schema version", "tables in stripe", "tables in stripesync"} {
		if c := row(t, r, name); c.Result != doctor.OK {
			t.Errorf("%s: %+v", name, c)
		}
	}
	if ts := denied["rak_webhook_endpoint_read"]; !slices.Equal(ts, []string{"webhook_endpoints"}) {
		t.Errorf("tables behind rak_webhook_endpoint_read: %v", ts)
	}
	if len(r.Failed()) != 4 {
		t.Errorf("failed rows %+v, want lists and the three permissions", r.Failed())
	}
	checkAligned(t, out)
	if strings.Contains(out, restrictedKey) {
		t.Error("the key is in the report")
	}
}

// checkAligned checks that RESULT and DETAIL start in the same column on
// every row of the table.
func checkAligned(t *testing.T, out string) {
	t.Helper()
	lines := strings.Split(out, "\n")
	res, det := strings.Index(lines[0], "RESULT"), strings.Index(lines[0], "DETAIL")
	for _, l := range lines[1:] {
		if l == "" {
			break
		}
		if l[res-1] != ' ' || l[res] == ' ' || l[det-1] != ' ' || l[det] == ' ' {
			t.Errorf("misaligned row %q", l)
		}
	}
}

func TestFullKeyPasses(t *testing.T) {
	fake := stripetest.NewTestServer(t)
	key, c := client(t, fake.URL(), secretKey)
	pool := pgtest.NewPool(t)
	migrate(t, pool)
	r, out := run(t, doctor.Config{Key: key, Client: c, DB: pool})
	if r.ExitCode() != 0 || r.Readable != r.Probed || r.Probed < 50 {
		t.Errorf("exit %d, %d of %d lists readable:\n%s", r.ExitCode(), r.Readable, r.Probed, out)
	}
	if !strings.Contains(out, "sync can work") || !strings.Contains(row(t, r, "api key").Detail, "secret key") {
		t.Errorf("report:\n%s", out)
	}
}

func TestUnmigratedDatabaseAndNoKey(t *testing.T) {
	pool := pgtest.NewPool(t)
	r, out := run(t, doctor.Config{DB: pool})
	if r.ExitCode() != 1 {
		t.Errorf("exit %d", r.ExitCode())
	}
	if v := row(t, r, "schema version"); v.Result != doctor.Fail || !strings.Contains(v.Detail, "run `stripesync migrate`") {
		t.Errorf("schema version %+v", v)
	}
	if k := row(t, r, "api key"); k.Result != doctor.Fail || !strings.Contains(k.Detail, "STRIPE_API_KEY") {
		t.Errorf("api key %+v", k)
	}
	if s := row(t, r, "schema stripe"); s.Result != doctor.Warn || !strings.Contains(s.Detail, "`stripesync migrate` can create it") {
		t.Errorf("schema row %+v", s)
	}
	if !strings.Contains(out, "sync cannot work") {
		t.Errorf("report:\n%s", out)
	}
	r, _ = run(t, doctor.Config{ExpectedMigration: 1})
	if d := row(t, r, "database"); d.Result != doctor.Fail {
		t.Errorf("no database: %+v", d)
	}
}
