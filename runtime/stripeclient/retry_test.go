package stripeclient

import (
	"errors"
	"io"
	"net/http"
	"testing"
	"time"
)

func TestBackoffGrowsWithJitterAndCap(t *testing.T) {
	r := Retry{}.withDefaults()
	for n := 1; n <= 40; n++ {
		full := min(r.BaseDelay<<min(n-1, 20), r.MaxDelay)
		for range 50 {
			d := r.backoff(n)
			if d < full/2 || d > full {
				t.Fatalf("attempt %d: %v outside [%v, %v]", n, d, full/2, full)
			}
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	cases := map[string]time.Duration{
		"":     0,
		"3":    3 * time.Second,
		"0.5":  500 * time.Millisecond,
		"-1":   0,
		"soon": 0,
		now.Add(7 * time.Second).Format(http.TimeFormat): 7 * time.Second,
		"99999999999999": maxRetryAfter,
	}
	for v, want := range cases {
		h := http.Header{}
		if v != "" {
			h.Set("Retry-After", v)
		}
		if got := retryAfter(h, now); got != want {
			t.Errorf("%q: %v, want %v", v, got, want)
		}
	}
}

func TestClassify(t *testing.T) {
	h := func(kv ...string) http.Header {
		out := http.Header{}
		for i := 0; i+1 < len(kv); i += 2 {
			out.Set(kv[i], kv[i+1])
		}
		return out
	}
	fail := errors.New("x")
	cases := []struct {
		name string
		a    attempt
		want verdict
	}{
		{"ok", attempt{status: 200}, succeeded},
		{"connection", attempt{err: fail}, retryable},
		{"cut off", attempt{status: 200, err: io.ErrUnexpectedEOF}, retryable},
		{"not json", attempt{status: 200, err: errBadJSON}, retryable},
		{"wrong shape", attempt{status: 200, err: errWrongShape}, final},
		{"429", attempt{status: 429, header: h(), err: fail}, retryable},
		{"409", attempt{status: 409, header: h(), err: fail}, retryable},
		{"500", attempt{status: 500, header: h(), err: fail}, retryable},
		{"503 should-retry false", attempt{status: 503, header: h("Stripe-Should-Retry", "false"), err: fail}, final},
		{"400 should-retry true", attempt{status: 400, header: h("Stripe-Should-Retry", "true"), err: fail}, retryable},
		{"400", attempt{status: 400, header: h(), err: fail}, final},
		{"401", attempt{status: 401, header: h(), err: fail}, final},
		{"403", attempt{status: 403, header: h(), err: fail}, final},
		{"404", attempt{status: 404, header: h(), err: fail}, final},
	}
	for _, c := range cases {
		if got := classify(&c.a); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestNewValidates(t *testing.T) {
	key := mustKey(t, testSecret)
	bad := []Config{
		{APIVersion: testVersion},
		{Key: key},
		{Key: key, APIVersion: testVersion, BaseURL: "ftp://x"},
		{Key: key, APIVersion: testVersion, BaseURL: "http://x/v1?a=b"},
		{Key: key, APIVersion: testVersion, BaseURL: "http://user:pw@x"},
		{Key: key, APIVersion: testVersion, RateLimit: RateLimit{Global: -1}},
	}
	for i, cfg := range bad {
		if _, err := New(cfg); err == nil {
			t.Errorf("config %d accepted", i)
		} else {
			assertNoSecret(t, "New error", err.Error())
		}
	}
	c, err := New(Config{Key: mustKey(t, "rk_live_x1"), APIVersion: testVersion})
	if err != nil {
		t.Fatal(err)
	}
	if rl := c.RateLimit(); rl.Global != LiveRate || rl.Endpoint != EndpointRate {
		t.Errorf("live defaults: %+v", rl)
	}
	if _, err := c.Get(t.Context(), "customers", nil); err == nil {
		t.Error("a path without /v1/ was accepted")
	}
	if _, err := c.Get(t.Context(), "/v1/customers?limit=1", nil); err == nil {
		t.Error("a path with a query was accepted")
	}
}
