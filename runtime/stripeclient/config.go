package stripeclient

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"time"
)

// DefaultBaseURL is Stripe's API.
const DefaultBaseURL = "https://api.stripe.com"

// Stripe's published request budgets, in requests per second
// (docs.stripe.com/rate-limits).
const (
	// LiveRate is the global budget of a live-mode key.
	LiveRate = 100
	// TestRate is the global budget of a test-mode or sandbox key.
	TestRate = 25
	// EndpointRate is the budget of one endpoint.
	EndpointRate = 25
	// SearchRate is the budget of the search and files endpoints.
	SearchRate = 20
)

// DefaultOverrides returns the endpoints with their own budget, keyed by
// path.Match patterns over the endpoint's path with ids replaced by "{id}":
// search and files at SearchRate.
func DefaultOverrides() map[string]float64 {
	return map[string]float64{
		"/v1/*/search": SearchRate,
		"/v1/files":    SearchRate,
		"/v1/files/*":  SearchRate,
	}
}

// Config configures a Client.
type Config struct {
	// Key is the API key (see LoadKey). Required.
	Key Key
	// BaseURL is the API's base URL (default DefaultBaseURL; see
	// LoadBaseURL for STRIPE_API_BASE).
	BaseURL string
	// APIVersion is sent as Stripe-Version on every request: the API
	// version the code was generated from. Required.
	APIVersion string
	// RateLimit configures the client's own limiter.
	RateLimit RateLimit
	// Retry bounds retries.
	Retry Retry
	// HTTPClient sends the requests (default: a pooled client; each attempt
	// may take 80 s). The client wraps its Transport to observe responses,
	// and turns its Timeout, if set, into a deadline on each attempt's
	// context: stripe-go never closes a successful body, and net/http frees
	// a Timeout's timer only on Close, so a Timeout would keep every
	// request's state alive for the whole timeout.
	HTTPClient *http.Client
	// Logger receives retry and throttling logs, and stripe-go's own at
	// debug level, scrubbed of keys (default: discard).
	Logger *slog.Logger
	// Clock tells time and waits (default: the system clock).
	Clock Clock
}

// RateLimit configures the client's limiter: a global token bucket plus one
// per endpoint, both of which a request must pass. Stripe's 429s are
// honoured even when the limiter is off.
type RateLimit struct {
	// Off disables the limiter (benchmarks, stripe-mock).
	Off bool
	// Mode picks the global budget, LiveRate or TestRate (default: the
	// key's mode).
	Mode Mode
	// Global overrides the global budget in requests per second.
	Global float64
	// Endpoint is the budget of each endpoint (default EndpointRate).
	Endpoint float64
	// Overrides sets budgets per endpoint pattern (default
	// DefaultOverrides); the lowest matching budget wins.
	Overrides map[string]float64
	// Burst is how many requests a bucket lets through at once (default a
	// fifth of its rate, at least 1).
	Burst int
}

// Retry bounds the retries of one request.
type Retry struct {
	// MaxAttempts is the most attempts per request, the first included
	// (default 10; 1 disables retries).
	MaxAttempts int
	// MaxElapsed is the most time one request may take across attempts and
	// waits (default 5 minutes); a wait that would pass it is not started.
	MaxElapsed time.Duration
	// BaseDelay is the first backoff (default 500 ms); it doubles per
	// attempt, with jitter, up to MaxDelay.
	BaseDelay time.Duration
	// MaxDelay caps one backoff (default 30 s). A longer Retry-After is
	// still honoured.
	MaxDelay time.Duration
}

// withDefaults validates c and fills in the defaults.
func (c Config) withDefaults() (Config, error) {
	if c.Key.IsZero() {
		return c, ErrNoKey
	}
	if c.APIVersion == "" {
		return c, errors.New("stripeclient: no API version (use the generated one)")
	}
	if c.BaseURL == "" {
		c.BaseURL = DefaultBaseURL
	}
	if err := checkBaseURL(c.BaseURL); err != nil {
		return c, err
	}
	var err error
	if c.RateLimit, err = c.RateLimit.withDefaults(c.Key.Mode()); err != nil {
		return c, err
	}
	c.Retry = c.Retry.withDefaults()
	if c.HTTPClient == nil {
		c.HTTPClient = defaultHTTPClient()
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Clock == nil {
		c.Clock = realClock{}
	}
	return c, nil
}

// checkBaseURL accepts http(s)://host[:port][/] and nothing else.
func checkBaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("stripeclient: base URL: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		u.RawQuery != "" || u.Fragment != "" || (u.Path != "" && u.Path != "/") {
		return fmt.Errorf("stripeclient: base URL %q: want http(s)://host[:port]", raw)
	}
	return nil
}

func (r RateLimit) withDefaults(keyMode Mode) (RateLimit, error) {
	if r.Global < 0 || r.Endpoint < 0 || r.Burst < 0 {
		return r, errors.New("stripeclient: negative rate limit")
	}
	if r.Mode == 0 {
		r.Mode = keyMode
	}
	if r.Global == 0 {
		r.Global = TestRate
		if r.Mode == ModeLive {
			r.Global = LiveRate
		}
	}
	if r.Endpoint == 0 {
		r.Endpoint = EndpointRate
	}
	if r.Overrides == nil {
		r.Overrides = DefaultOverrides()
	}
	return r, nil
}

func (r Retry) withDefaults() Retry {
	if r.MaxAttempts <= 0 {
		r.MaxAttempts = 10
	}
	if r.MaxElapsed <= 0 {
		r.MaxElapsed = 5 * time.Minute
	}
	if r.BaseDelay <= 0 {
		r.BaseDelay = 500 * time.Millisecond
	}
	if r.MaxDelay <= 0 {
		r.MaxDelay = 30 * time.Second
	}
	r.MaxDelay = max(r.MaxDelay, r.BaseDelay)
	return r
}

// DefaultAttemptTimeout bounds one attempt (connect, request, whole body)
// when HTTPClient sets no Timeout of its own: Stripe's own limit is 80 s.
const DefaultAttemptTimeout = 80 * time.Second

// defaultHTTPClient keeps enough idle connections for parallel workers.
// It has no Timeout: each attempt's context carries the deadline instead.
func defaultHTTPClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 128
	t.MaxIdleConnsPerHost = 64
	t.DialContext = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	return &http.Client{Transport: t}
}
