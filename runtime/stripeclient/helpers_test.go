package stripeclient

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stripesync/stripesync/runtime/stripetest"
)

// testVersion is the pinned API version (stripe-mock v0.195.0).
const testVersion = "2025-05-28.basil"

// testSecret is a test key whose secret part must never show up anywhere.
const testSecret = "sk_test_51SeCrEtPaRtThatMustNeverLeak99"

// secretPart is the part of testSecret after its prefix.
const secretPart = "51SeCrEtPaRtThatMustNeverLeak99"

// testClock is a Clock that only moves when slept on; it records the
// sleeps and can run a hook on each.
type testClock struct {
	mu      sync.Mutex
	now     time.Time
	sleeps  []time.Duration
	onSleep func(n int, d time.Duration)
}

func newTestClock() *testClock {
	return &testClock{now: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)}
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Sleep runs the hook (while the sleeper is still asleep), advances the
// clock by d and then reports ctx.
func (c *testClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	c.sleeps = append(c.sleeps, d)
	n, hook := len(c.sleeps), c.onSleep
	c.mu.Unlock()
	if hook != nil {
		hook(n, d)
	}
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
	return ctx.Err()
}

func (c *testClock) slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

func mustKey(t testing.TB, s string) Key {
	t.Helper()
	k, err := ParseKey(s)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// newClient builds a client for baseURL with the test key, a test clock and
// the limiter off; edit adjusts the config.
func newClient(t testing.TB, baseURL string, edit ...func(*Config)) (*Client, *testClock) {
	t.Helper()
	clock := newTestClock()
	cfg := Config{Key: mustKey(t, testSecret), BaseURL: baseURL, APIVersion: testVersion,
		RateLimit: RateLimit{Off: true}, Clock: clock}
	for _, e := range edit {
		e(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, clock
}

// newFake starts a stripetest server.
func newFake(t testing.TB) *stripetest.Server {
	t.Helper()
	return stripetest.NewTestServer(t)
}

// seedCustomers seeds n customers without events.
func seedCustomers(t testing.TB, s *stripetest.Server, n int) {
	t.Helper()
	if err := s.Seed(n, stripetest.SeedOptions{Plan: map[string]int{"customer": 1}}); err != nil {
		t.Fatal(err)
	}
}

// logBuffer returns a debug-level slog logger writing JSON into a buffer.
func logBuffer() (*slog.Logger, *syncBuffer) {
	buf := &syncBuffer{}
	return slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})), buf
}

// syncBuffer is a bytes.Buffer safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// assertNoSecret fails when text holds the test key or its secret part.
func assertNoSecret(t testing.TB, what, text string) {
	t.Helper()
	if strings.Contains(text, secretPart) || strings.Contains(text, testSecret) {
		t.Errorf("%s leaks the key: %s", what, text)
	}
}
