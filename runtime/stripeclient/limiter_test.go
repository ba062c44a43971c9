package stripeclient

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// spend makes n requests through l, spread over endpoints in turn, and
// returns the total time they waited on the test clock.
func spend(t *testing.T, l *limiter, n int, endpoints ...string) time.Duration {
	t.Helper()
	var total time.Duration
	for i := range n {
		d, err := l.wait(context.Background(), endpoints[i%len(endpoints)])
		if err != nil {
			t.Fatal(err)
		}
		total += d
	}
	return total
}

func limiterFor(rl RateLimit, mode Mode) (*limiter, *testClock) {
	rl, _ = rl.withDefaults(mode)
	clock := newTestClock()
	return newLimiter(rl, clock), clock
}

// elapsedFor is the time n requests take from a full bucket: the burst
// goes at once, the rest at rate.
func elapsedFor(n, burst int, rate float64) time.Duration {
	return time.Duration(float64(n-burst) / rate * float64(time.Second))
}

func TestLimiterGlobalBudgetPerMode(t *testing.T) {
	many := make([]string, 50) // distinct endpoints, so only the global budget binds
	for i := range many {
		many[i] = fmt.Sprintf("GET /v1/r%d", i)
	}
	for _, c := range []struct {
		mode Mode
		rate float64
	}{{ModeTest, TestRate}, {ModeLive, LiveRate}} {
		l, clock := limiterFor(RateLimit{Endpoint: 1000}, c.mode)
		burst := int(c.rate / 5)
		n := 10*int(c.rate) + burst
		got := spend(t, l, n, many...)
		want := elapsedFor(n, burst, c.rate)
		if diff := clock.Now().Sub(newTestClock().Now()) - want; diff < -time.Millisecond || diff > time.Millisecond {
			t.Errorf("%v: %d requests took %v of clock, want %v (waits %v)", c.mode, n, clock.Now().Sub(newTestClock().Now()), want, got)
		}
	}
}

func TestLimiterEndpointBudget(t *testing.T) {
	// Global 100/s: one endpoint alone is held to 25/s ...
	l, _ := limiterFor(RateLimit{Mode: ModeLive}, 0)
	one := spend(t, l, 255, "GET /v1/customers")
	if want := elapsedFor(255, 5, EndpointRate); absDiff(one, want) > 50*time.Millisecond {
		t.Errorf("one endpoint: waited %v, want about %v", one, want)
	}
	// ... while four endpoints share the global 100/s.
	l, clock := limiterFor(RateLimit{Mode: ModeLive}, 0)
	start := clock.Now()
	spend(t, l, 1020, "GET /v1/customers", "GET /v1/charges", "GET /v1/invoices", "GET /v1/prices")
	if got, want := clock.Now().Sub(start), elapsedFor(1020, 20, LiveRate); absDiff(got, want) > 50*time.Millisecond {
		t.Errorf("four endpoints: took %v, want about %v", got, want)
	}
}

func TestLimiterSearchOverride(t *testing.T) {
	l, clock := limiterFor(RateLimit{Mode: ModeLive}, 0)
	start := clock.Now()
	spend(t, l, 204, endpointOf("GET", "/v1/customers/search"))
	if got, want := clock.Now().Sub(start), elapsedFor(204, 4, SearchRate); absDiff(got, want) > 50*time.Millisecond {
		t.Errorf("search: took %v, want about %v", got, want)
	}
}

func TestLimiterOffAndPause(t *testing.T) {
	l, clock := limiterFor(RateLimit{Off: true}, ModeTest)
	if got := spend(t, l, 10000, "GET /v1/customers"); got != 0 {
		t.Errorf("off: waited %v", got)
	}
	l.pauseUntil(clock.Now().Add(3 * time.Second))
	l.pauseUntil(clock.Now().Add(time.Second)) // an earlier end never shortens a pause
	if got := spend(t, l, 1, "GET /v1/charges"); got != 3*time.Second {
		t.Errorf("pause: waited %v, want 3s", got)
	}
	if got := spend(t, l, 1, "GET /v1/charges"); got != 0 {
		t.Errorf("after pause: waited %v", got)
	}
}

func TestLimiterCancelReturnsTokens(t *testing.T) {
	l, clock := limiterFor(RateLimit{Global: 1, Burst: 1}, ModeTest)
	spend(t, l, 1, "GET /v1/a")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := l.wait(ctx, "GET /v1/a"); err == nil {
		t.Fatal("wait ignored a canceled context")
	}
	clock.Sleep(context.Background(), time.Second) // refills the one token
	if got := spend(t, l, 1, "GET /v1/a"); got != 0 {
		t.Errorf("canceled reservation kept its token: waited %v", got)
	}
}

func TestEndpointOf(t *testing.T) {
	cases := map[string]string{
		"/v1/customers":                                       "GET /v1/customers",
		"/v1/customers/cus_NffrFeUfNV2Hib":                    "GET /v1/customers/{id}",
		"/v1/invoices/in_1MtHbELkdIwHu7ixl4OzzPMv/lines":      "GET /v1/invoices/{id}/lines",
		"/v1/customers/search":                                "GET /v1/customers/search",
		"/v1/accounts/acct_1032D82eZvKYlo2C/persons/person_1": "GET /v1/accounts/{id}/persons/{id}",
		"/v1/invoices/create_preview":                         "GET /v1/invoices/create_preview",
	}
	for p, want := range cases {
		if got := endpointOf("GET", p); got != want {
			t.Errorf("%s: %s, want %s", p, got, want)
		}
	}
	if r := endpointRate("GET /v1/files/{id}", 25, DefaultOverrides()); r != SearchRate {
		t.Errorf("files rate %v", r)
	}
}

func absDiff(a, b time.Duration) time.Duration {
	if a > b {
		return a - b
	}
	return b - a
}
