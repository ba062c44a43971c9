package sidecar_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/stdlib"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/internal/pgtest"
	"github.com/stripesync/stripesync/migrations"
	"github.com/stripesync/stripesync/runtime/events"
	"github.com/stripesync/stripesync/runtime/sidecar"
	"github.com/stripesync/stripesync/runtime/stripeclient"
	"github.com/stripesync/stripesync/runtime/stripetest"
	"github.com/stripesync/stripesync/runtime/syncer"
)

// TestWaitWithSyncer is read-after-write through the real engine: write to
// the fake Stripe through its API, call /wait (answered by the syncer's
// WaitApplied), then read the write from the database.
func TestWaitWithSyncer(t *testing.T) {
	fake := stripetest.NewTestServer(t)
	key, _ := stripeclient.ParseKey("sk_test_sidecar0123456789")
	client, err := stripeclient.New(stripeclient.Config{Key: key, BaseURL: fake.URL(), APIVersion: generated.APIVersion,
		RateLimit: stripeclient.RateLimit{Off: true}, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	pool := pgtest.NewPool(t)
	p, err := migrations.NewProvider(stdlib.OpenDBFromPool(pool), "stripe", "stripesync")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Up(t.Context()); err != nil {
		t.Fatal(err)
	}
	var sc *sidecar.Sidecar
	commits := make(chan struct{}, 1)
	eng, err := syncer.New(syncer.Config{DB: pool, Client: client, Clock: fake.Clock(), NoRelist: true,
		Events: events.Config{PollInterval: 100 * time.Millisecond, OnCommit: func(events.Commit) {
			select {
			case commits <- struct{}{}:
			default:
			}
		}}})
	if err != nil {
		t.Fatal(err)
	}
	ready := make(chan string, 1)
	sc, err = sidecar.New(sidecar.Config{Addr: "127.0.0.1:0", Pool: pool, Client: client, Waiter: eng, NoUpcoming: true,
		Ready: func(a string) { ready <- a }})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go func() { _ = eng.Run(ctx) }()
	go func() { _ = sc.Run(ctx) }()
	go tick(ctx, fake.FakeClock(), sc, commits)
	base := "http://" + <-ready
	for round := 1; round <= 3; round++ {
		id := createCustomer(t, client, "round@example.com")
		resp, err := http.Get(base + "/wait?timeout=20s")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var email string
		err = pool.QueryRow(t.Context(), `SELECT email FROM stripe.customers WHERE id = $1`, id).Scan(&email)
		if resp.StatusCode != 200 || err != nil || email != "round@example.com" {
			t.Fatalf("round %d: /wait %d %s, then the row: %q %v", round, resp.StatusCode, body, email, err)
		}
	}
}

// tick moves the fake's clock (Stripe's clock for the syncer) with real
// time, and tells the sidecar about the engine's commits.
func tick(ctx context.Context, clock *stripetest.FakeClock, sc *sidecar.Sidecar, commits <-chan struct{}) {
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-commits:
			sc.Committed("", nil)
		case <-t.C:
			clock.Advance(50 * time.Millisecond)
		}
	}
}

// createCustomer creates a customer through the fake's API.
func createCustomer(t *testing.T, c *stripeclient.Client, email string) string {
	t.Helper()
	raw, err := c.Post(t.Context(), "/v1/customers", url.Values{"email": {email}})
	if err != nil {
		t.Fatal(err)
	}
	var cus struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(raw, &cus); err != nil || cus.ID == "" {
		t.Fatalf("created customer: %s %v", raw, err)
	}
	return cus.ID
}
