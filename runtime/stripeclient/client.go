package stripeclient

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/stripe/stripe-go/v82"
)

// Client talks to the Stripe API: paced, retried, pinned to one API
// version. It is safe for concurrent use.
type Client struct {
	cfg     Config
	backend stripe.RawRequestBackend
	headers http.Header
	limiter *limiter
	stats   stats
	scrub   scrubber
	log     *slog.Logger
	warned  atomic.Bool
	// attemptTimeout bounds each attempt through its context.
	attemptTimeout time.Duration
}

// New checks cfg, fills in its defaults and builds a Client on a stripe-go
// v82 backend that never retries on its own and sends no telemetry.
func New(cfg Config) (*Client, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	c := &Client{
		cfg:     cfg,
		headers: http.Header{"Stripe-Version": {cfg.APIVersion}},
		limiter: newLimiter(cfg.RateLimit, cfg.Clock),
		scrub:   scrubber{key: cfg.Key},
		log:     cfg.Logger,
	}
	hc, timeout := observed(cfg.HTTPClient)
	c.attemptTimeout = timeout
	b := stripe.GetBackendWithConfig(stripe.APIBackend, &stripe.BackendConfig{
		URL:               stripe.String(cfg.BaseURL),
		HTTPClient:        hc,
		LeveledLogger:     stripeLogger{log: cfg.Logger, scrub: c.scrub},
		MaxNetworkRetries: stripe.Int64(0),
		EnableTelemetry:   stripe.Bool(false),
	})
	raw, ok := b.(stripe.RawRequestBackend)
	if !ok {
		return nil, errors.New("stripeclient: the stripe-go backend cannot send raw requests")
	}
	c.backend = raw
	return c, nil
}

// Stats returns a snapshot of the client's traffic counters.
func (c *Client) Stats() Stats {
	st := c.stats.snapshot()
	st.ThrottledUntil = c.limiter.pausedUntil()
	return st
}

// APIVersion returns the Stripe-Version the client sends.
func (c *Client) APIVersion() string { return c.cfg.APIVersion }

// RateLimit returns the limiter settings in effect, defaults filled in.
func (c *Client) RateLimit() RateLimit { return c.cfg.RateLimit }

// Get retrieves path and returns the untouched JSON body.
func (c *Client) Get(ctx context.Context, path string, q url.Values) (json.RawMessage, error) {
	return c.raw(ctx, http.MethodGet, path, q, nil)
}

// Post sends form to path (create_preview, webhook endpoints ...) and
// returns the untouched JSON body. Every attempt carries the same
// Idempotency-Key, so retries cannot apply it twice.
func (c *Client) Post(ctx context.Context, path string, form url.Values) (json.RawMessage, error) {
	return c.raw(ctx, http.MethodPost, path, nil, form)
}

// Delete deletes path and returns the untouched JSON body (usually a
// {"deleted": true} stub).
func (c *Client) Delete(ctx context.Context, path string, q url.Values) (json.RawMessage, error) {
	return c.raw(ctx, http.MethodDelete, path, q, nil)
}

// raw sends a request whose 2xx body must be JSON.
func (c *Client) raw(ctx context.Context, method, path string, q, form url.Values) (json.RawMessage, error) {
	cl, err := newCall(method, path, q, form)
	if err != nil {
		return nil, err
	}
	var out json.RawMessage
	err = c.do(ctx, cl, func(b []byte) error {
		if !json.Valid(b) {
			return errBadJSON
		}
		out = b
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
