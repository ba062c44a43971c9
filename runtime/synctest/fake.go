package synctest

import (
	"log/slog"
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

func quote(parts ...string) string { return pgx.Identifier(parts).Sanitize() }
