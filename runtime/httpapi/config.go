package httpapi

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"
)

// Applier applies one verified Stripe event. The engine implements it.
type Applier interface {
	// Apply applies the event whose JSON is raw and returns once its effect
	// (rows, deletions and the processed-event record) is committed. It
	// must be idempotent by event id: applying an event again, from a
	// duplicate delivery or the events follower, changes nothing. Events
	// that fill no table (invoice.upcoming included) are recorded, not
	// written, and Apply returns nil.
	Apply(ctx context.Context, raw []byte) error
}

// EventSource tells the newest event in Stripe (a *stripeclient.Client).
type EventSource interface {
	// LatestEventID returns the id of the newest event, or "" when there
	// is none.
	LatestEventID(ctx context.Context) (string, error)
}

// Tracker reports what the engine has applied.
type Tracker interface {
	// Applied reports whether the event with this id, and with it every
	// event created before it, has been applied and committed. The events
	// follower answers true once its cursor reached or passed the event
	// (or the event is in the processed-event log and nothing older is
	// outstanding).
	Applied(ctx context.Context, eventID string) (bool, error)
}

// Waiter is the alternative to Tracker for an engine that waits by
// Stripe's clock (the syncer's WaitApplied).
type Waiter interface {
	// WaitApplied blocks until every event created before t (Stripe's
	// clock) is applied and committed, or ctx ends.
	WaitApplied(ctx context.Context, t time.Time) error
}

// MetricsSource gives the engine's counters for /metrics.
type MetricsSource interface {
	// MetricsSnapshot returns the current values.
	MetricsSnapshot() Snapshot
}

// Config configures a Server.
type Config struct {
	// Addr is the listen address (host:port) for Start.
	Addr string
	// Secrets are the webhook signing secrets (whsec_...); any of them may
	// sign a delivery. Empty disables POST /webhooks (404).
	Secrets []string
	// Applier applies webhook events. Required when Secrets are set.
	Applier Applier
	// Events asks Stripe for the newest event. Required for /wait.
	Events EventSource
	// Tracker answers /wait by event id. /wait needs Tracker or Waiter.
	Tracker Tracker
	// Waiter answers /wait by time instead; Events must then also tell the
	// newest event's creation time (use StripeEvents).
	Waiter Waiter
	// Metrics feeds /metrics; nil serves the server's own counters only.
	Metrics MetricsSource
	// Token, when set, is the bearer token GET /wait and GET /metrics
	// require ("Authorization: Bearer <token>"); other requests get 401.
	// /healthz stays open and POST /webhooks keeps its signature check.
	// Empty leaves /wait and /metrics open.
	Token string
	// Health, when set, is called by /healthz; an error answers 503.
	Health func(ctx context.Context) error
	// Tolerance is the webhook timestamp tolerance (default 300 s).
	Tolerance time.Duration
	// DefaultWait and MaxWait bound /wait's timeout (default 30 s, 10 min).
	DefaultWait, MaxWait time.Duration
	// PollInterval is how often /wait asks the Tracker again when not
	// notified (default 100 ms).
	PollInterval time.Duration
	// ApplyTimeout bounds one webhook's Apply (default 60 s). Apply runs to
	// completion even when Stripe hangs up.
	ApplyTimeout time.Duration
	// MaxBody is the largest webhook body accepted (default 1 MiB).
	MaxBody int64
	// Logger receives request failures (default: discard). Secrets and
	// bodies are never logged.
	Logger *slog.Logger
	// Ready, when set, is called by Start with the bound address.
	Ready func(addr string)
}

// validate checks the config and fills in the defaults.
func (c Config) validate() (Config, error) {
	for _, s := range c.Secrets {
		if !strings.HasPrefix(s, "whsec_") || len(s) == len("whsec_") {
			return c, errors.New("httpapi: a webhook secret is not a signing secret (whsec_...)")
		}
	}
	if err := validateToken(c.Token); err != nil {
		return c, err
	}
	if len(c.Secrets) > 0 && c.Applier == nil {
		return c, errors.New("httpapi: webhook secrets are set but no Applier")
	}
	if (c.Events == nil) != (c.Tracker == nil && c.Waiter == nil) {
		return c, errors.New("httpapi: /wait needs Events and a Tracker or Waiter")
	}
	if _, ok := c.Events.(newestEventer); c.Waiter != nil && !ok {
		return c, errors.New("httpapi: a Waiter needs Events that tell the newest event's time (StripeEvents)")
	}
	c.Tolerance = orDur(c.Tolerance, 300*time.Second)
	c.DefaultWait = orDur(c.DefaultWait, 30*time.Second)
	c.MaxWait = max(orDur(c.MaxWait, 10*time.Minute), c.DefaultWait)
	c.PollInterval = orDur(c.PollInterval, 100*time.Millisecond)
	c.ApplyTimeout = orDur(c.ApplyTimeout, 60*time.Second)
	if c.MaxBody <= 0 {
		c.MaxBody = 1 << 20
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c, nil
}

func orDur(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}
