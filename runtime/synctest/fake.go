package synctest

import (
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/runtime/stripeclient"
	"github.com/stripesync/stripesync/runtime/stripetest"
)

// TestKey is the API key tests use with fakes.
const TestKey = "sk_test_synctest0123456789"

// NewFake starts a stripetest server for the test.
func NewFake(t testing.TB, opts ...stripetest.ServerOption) *stripetest.Server {
	t.Helper()
	return stripetest.NewTestServer(t, opts...)
}

// NewClient returns a client for the base URL, pinned to the generated API
// version, with the limiter off and short retry backoffs; edit adjusts the
// config.
func NewClient(t testing.TB, baseURL string, edit ...func(*stripeclient.Config)) *stripeclient.Client {
	t.Helper()
	key, err := stripeclient.ParseKey(TestKey)
	if err != nil {
		t.Fatal(err)
	}
	cfg := stripeclient.Config{
		Key:        key,
		BaseURL:    baseURL,
		APIVersion: generated.APIVersion,
		RateLimit:  stripeclient.RateLimit{Off: true},
		Retry:      stripeclient.Retry{BaseDelay: 20 * time.Millisecond, MaxDelay: 500 * time.Millisecond, MaxAttempts: 20},
		Logger:     slog.New(slog.DiscardHandler),
		HTTPClient: HTTPClient(),
	}
	for _, f := range edit {
		f(&cfg)
	}
	c, err := stripeclient.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// HTTPClient returns an HTTP client for the Stripe client without an
// overall http.Client.Timeout: stripe-go's RawRequest reads a successful
// body without closing it, and net/http releases a Timeout's timer and
// context only on Close, so with a Timeout every request's state stays
// alive for the whole timeout (80 s by default: hundreds of MB at
// thousands of requests per second). Its transport bounds the connect and
// the wait for response headers instead.
func HTTPClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns, t.MaxIdleConnsPerHost = 128, 64
	t.ResponseHeaderTimeout = 80 * time.Second
	return &http.Client{Transport: t}
}

func quote(parts ...string) string { return pgx.Identifier(parts).Sanitize() }
