// Package sidecar wires the services that run beside the sync engine in
// `stripesync sync`: the upcoming-invoice refresher (always) and, with
// --listen, the HTTP endpoints (webhooks, /wait, /healthz, /metrics).
//
// The CLI builds one Sidecar next to the engine and runs both:
//
//	sc, err := sidecar.New(sidecar.Config{
//		Addr: c.Listen, Secrets: c.WebhookSecrets.Reveal(), Token: c.HTTPToken.Reveal(),
//		Pool: pool, Client: client, Schema: c.Schema, Logger: log,
//		Apply: eng, Waiter: eng, Metrics: eng, // what the engine implements
//	})
//	go sc.Run(ctx)  // until ctx ends, beside eng.Run(ctx)
//
// and the engine calls sc.Committed for every event it commits, from the
// /v1/events follower and from Apply alike.
package sidecar

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/runtime/httpapi"
	"github.com/stripesync/stripesync/runtime/stripeclient"
	"github.com/stripesync/stripesync/runtime/upcoming"
)

// Config is what the sidecar needs from the command and the engine.
type Config struct {
	// Addr is --listen; empty runs no HTTP server.
	Addr string
	// Secrets are the webhook signing secrets; empty disables POST /webhooks.
	Secrets []string
	// Token is the bearer token GET /wait and GET /metrics require; empty
	// leaves them open (see httpapi.Config.Token).
	Token string
	// Pool is the database. Required.
	Pool *pgxpool.Pool
	// Client talks to Stripe at the pinned version. Required.
	Client *stripeclient.Client
	// Schema and StateSchema are the data and state schemas (defaults
	// "stripe" and "stripesync").
	Schema, StateSchema string
	// Apply applies webhook events (the engine); required with Secrets.
	Apply httpapi.Applier
	// Waiter (by time) or Tracker (by event id) answers /wait; without
	// either, /wait answers 404.
	Waiter  httpapi.Waiter
	Tracker httpapi.Tracker
	// Metrics feeds /metrics; the Stripe client's counters are added when
	// the snapshot has none.
	Metrics httpapi.MetricsSource
	// NoUpcoming turns the upcoming-invoice refresher off.
	NoUpcoming bool
	// Logger receives the services' logs (default: discard).
	Logger *slog.Logger
	// Ready, when set, is called with the HTTP server's bound address.
	Ready func(addr string)
}

// Sidecar holds the services.
type Sidecar struct {
	// Server is the HTTP server, nil without Addr.
	Server *httpapi.Server
	// Refresher keeps the upcoming-invoice tables current, nil with NoUpcoming.
	Refresher *upcoming.Refresher
	log       *slog.Logger
}

// New builds the services.
func New(cfg Config) (*Sidecar, error) {
	if cfg.Pool == nil || cfg.Client == nil {
		return nil, errors.New("sidecar: Pool and Client are required")
	}
	cfg.Logger = cmp.Or(cfg.Logger, slog.New(slog.DiscardHandler))
	sc := &Sidecar{log: cfg.Logger}
	if !cfg.NoUpcoming {
		store, err := syncdb.NewStore(cmp.Or(cfg.Schema, "stripe"), cmp.Or(cfg.StateSchema, "stripesync"))
		if err != nil {
			return nil, fmt.Errorf("sidecar: %w", err)
		}
		sc.Refresher, err = upcoming.New(upcoming.Config{Client: cfg.Client, DB: cfg.Pool, Store: store,
			Registry: generated.Registry, Schema: cfg.Schema, Logger: cfg.Logger.With("component", "upcoming")})
		if err != nil {
			return nil, err
		}
	}
	if cfg.Addr != "" {
		var err error
		if sc.Server, err = newServer(cfg); err != nil {
			return nil, err
		}
	}
	return sc, nil
}

// newServer builds the HTTP server.
func newServer(cfg Config) (*httpapi.Server, error) {
	hc := httpapi.Config{Addr: cfg.Addr, Secrets: cfg.Secrets, Token: cfg.Token, Applier: cfg.Apply, Tracker: cfg.Tracker,
		Waiter: cfg.Waiter, Metrics: withClient{cfg.Metrics, cfg.Client}, Ready: cfg.Ready,
		Logger: cfg.Logger.With("component", "http"),
		Health: func(ctx context.Context) error { return cfg.Pool.Ping(ctx) }}
	if cfg.Waiter != nil || cfg.Tracker != nil {
		hc.Events = httpapi.StripeEvents{Client: cfg.Client}
	}
	srv, err := httpapi.New(hc)
	if err != nil {
		return nil, fmt.Errorf("sidecar: %w", err)
	}
	return srv, nil
}

// Committed tells the sidecar that the engine committed an event: it
// schedules the upcoming-invoice refreshes the event calls for and wakes
// /wait requests. Call it after the commit, for polled and webhook events.
func (sc *Sidecar) Committed(eventType string, object json.RawMessage) {
	if sc.Refresher != nil && len(object) > 0 {
		if err := sc.Refresher.Observe(eventType, object); err != nil {
			sc.log.Warn("sidecar: cannot route event to upcoming invoices", "type", eventType, "error", err)
		}
	}
	if sc.Server != nil {
		sc.Server.Notify()
	}
}

// Run runs the services until ctx ends (nil) or one fails, e.g. the
// listen address is taken (its error; the others are stopped).
func (sc *Sidecar) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make(chan error, 2)
	n := 0
	if sc.Refresher != nil {
		n++
		go func() { errs <- sc.Refresher.Start(ctx) }()
	}
	if sc.Server != nil {
		n++
		go func() { errs <- sc.Server.Start(ctx) }()
	}
	var first error
	for range n {
		if err := <-errs; err != nil && first == nil {
			first = err
			cancel()
		}
	}
	return first
}

// withClient adds the Stripe client's counters to a snapshot without them.
type withClient struct {
	src    httpapi.MetricsSource
	client *stripeclient.Client
}

// MetricsSnapshot returns the engine's snapshot plus the client's counters.
func (w withClient) MetricsSnapshot() httpapi.Snapshot {
	var s httpapi.Snapshot
	if w.src != nil {
		s = w.src.MetricsSnapshot()
	}
	if s.APICalls == nil {
		s.AddClientStats(w.client.Stats())
	}
	if s.Now.IsZero() {
		s.Now = time.Now()
	}
	return s
}
