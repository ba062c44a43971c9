package upcoming_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/internal/pgtest"
	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/migrations"
	"github.com/stripesync/stripesync/openapi"
	"github.com/stripesync/stripesync/runtime/stripeclient"
	"github.com/stripesync/stripesync/runtime/stripetest"
	"github.com/stripesync/stripesync/runtime/upcoming"
)

const (
	testKey     = "sk_test_upcoming0123456789"
	dataSchema  = "stripe"
	stateSchema = "stripesync"
)

// env is a migrated database, a fake Stripe and a refresher between them.
type env struct {
	pool *pgxpool.Pool
	fake *stripetest.Server
	r    *upcoming.Refresher
	// seen is how many of the fake's events were handed to the refresher.
	seen int
}

// newEnv migrates a database and builds a refresher on a fake; edit
// adjusts the refresher's config.
func newEnv(t *testing.T, fake *stripetest.Server, edit func(*upcoming.Config)) *env {
	t.Helper()
	pool := pgtest.NewPool(t)
	migrate(t, pool)
	store, err := syncdb.NewStore(dataSchema, stateSchema)
	if err != nil {
		t.Fatal(err)
	}
	cfg := upcoming.Config{Client: newClient(t, fake.URL()), DB: pool, Store: store,
		Registry: generated.Registry, Schema: dataSchema, Debounce: time.Millisecond}
	if edit != nil {
		edit(&cfg)
	}
	r, err := upcoming.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &env{pool: pool, fake: fake, r: r}
}

func migrate(t testing.TB, pool *pgxpool.Pool) {
	t.Helper()
	db := stdlib.OpenDBFromPool(pool)
	defer db.Close()
	p, err := migrations.NewProvider(db, dataSchema, stateSchema)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Up(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
}

func newClient(t testing.TB, base string) *stripeclient.Client {
	t.Helper()
	key, err := stripeclient.ParseKey(testKey)
	if err != nil {
		t.Fatal(err)
	}
	c, err := stripeclient.New(stripeclient.Config{Key: key, BaseURL: base, APIVersion: generated.APIVersion,
		RateLimit: stripeclient.RateLimit{Off: true}, Logger: slog.New(slog.DiscardHandler),
		Retry: stripeclient.Retry{MaxAttempts: 3, BaseDelay: 10 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// follow hands every event the fake emitted since the last call to the
// refresher, as the events follower does after committing them, and
// refreshes what they scheduled.
func (e *env) follow(t *testing.T) {
	t.Helper()
	evs := e.fake.Events()
	for _, ev := range evs[e.seen:] {
		if err := e.r.ObserveEvent(ev.JSON); err != nil {
			t.Fatal(err)
		}
	}
	e.seen = len(evs)
	if err := e.r.Flush(t.Context()); err != nil {
		t.Fatalf("refresh: %v", err)
	}
}

// acaciaFake starts a fake serving the acacia spec (stripe-mock v0.190.0),
// which still has GET /v1/invoices/upcoming.
func acaciaFake(t *testing.T) *stripetest.Server {
	t.Helper()
	out, err := exec.Command("go", "mod", "download", "-json", openapi.MockModule+"@v0.190.0").Output()
	if err != nil {
		t.Fatalf("find stripe-mock v0.190.0: %v", err)
	}
	var mod struct{ Dir string }
	if err := json.Unmarshal(out, &mod); err != nil || mod.Dir == "" {
		t.Fatalf("find stripe-mock v0.190.0: %s", out)
	}
	dir := filepath.Join(mod.Dir, "embedded", "openapi")
	api, err := openapi.LoadFile(filepath.Join(dir, "spec3.json"))
	if err != nil {
		t.Fatal(err)
	}
	fixtures, err := os.ReadFile(filepath.Join(dir, "fixtures3.json"))
	if err != nil {
		t.Fatal(err)
	}
	return stripetest.NewTestServer(t, stripetest.WithSpec(api, fixtures))
}
