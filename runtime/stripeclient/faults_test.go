package stripeclient

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82"
	"github.com/stripesync/stripesync/runtime/stripetest"
)

// clearFaultsAfter removes the fake's faults once the client slept n times.
func clearFaultsAfter(s *stripetest.Server, clock *testClock, n int) {
	clock.onSleep = func(i int, _ time.Duration) {
		if i == n {
			s.SetFaults()
		}
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	s := newFake(t)
	seedCustomers(t, s, 10)
	c, clock := newClient(t, s.URL())
	s.SetFaults(stripetest.Fault{Path: "/v1/customers", ThrottleRate: 1, BurstLength: 3, RetryAfter: 7 * time.Second})
	clearFaultsAfter(s, clock, 3)
	p, err := c.List(t.Context(), "/v1/customers", nil)
	if err != nil || len(p.Data) != 10 {
		t.Fatalf("list: %v", err)
	}
	for i, d := range clock.slept() {
		if d < 7*time.Second {
			t.Errorf("wait %d was %v, shorter than Retry-After 7s", i, d)
		}
	}
	st := c.Stats()
	if st.RateLimited != 3 || st.Retries != 3 || !st.Throttled || st.ByStatus[429] != 3 || st.ByStatus[200] != 1 {
		t.Errorf("stats %+v", st)
	}
	if st.BackoffWait < 21*time.Second {
		t.Errorf("backoff wait %v", st.BackoffWait)
	}
}

// TestRetryAfterPausesOtherRequests sends a second request, to another
// endpoint, while the first sleeps out a Retry-After: it must wait too.
func TestRetryAfterPausesOtherRequests(t *testing.T) {
	s := newFake(t)
	seedCustomers(t, s, 3)
	c, clock := newClient(t, s.URL())
	s.SetFaults(stripetest.Fault{Path: "/v1/customers", ThrottleRate: 1, RetryAfter: 5 * time.Second})
	var other error
	clock.onSleep = func(n int, _ time.Duration) {
		if n == 1 {
			s.SetFaults()
			_, other = c.List(t.Context(), "/v1/events", nil)
		}
	}
	if _, err := c.List(t.Context(), "/v1/customers", nil); err != nil || other != nil {
		t.Fatal(err, other)
	}
	sl := clock.slept()
	if len(sl) != 2 || sl[1] != 5*time.Second || c.Stats().LimiterWait != 5*time.Second {
		t.Errorf("sleeps %v, limiter wait %v: the other request did not wait out the pause", sl, c.Stats().LimiterWait)
	}
	if until := c.Stats().ThrottledUntil; !until.Equal(newTestClock().Now().Add(5 * time.Second)) {
		t.Errorf("ThrottledUntil %v", until)
	}
}

// TestClientPacesRequests checks the limiter through the client: 21
// requests at 10/s with a burst of 1 wait exactly 2 s of test clock.
func TestClientPacesRequests(t *testing.T) {
	s := newFake(t)
	c, clock := newClient(t, s.URL(), func(cfg *Config) { cfg.RateLimit = RateLimit{Global: 10, Burst: 1} })
	start := clock.Now()
	for range 21 {
		if _, err := c.List(t.Context(), "/v1/customers", nil); err != nil {
			t.Fatal(err)
		}
	}
	if st := c.Stats(); st.LimiterWait != 2*time.Second || clock.Now().Sub(start) != 2*time.Second || st.Requests != 21 {
		t.Errorf("limiter wait %v, clock moved %v, %d requests", st.LimiterWait, clock.Now().Sub(start), st.Requests)
	}
}

func TestServerErrorsRetried(t *testing.T) {
	s := newFake(t)
	seedCustomers(t, s, 5)
	c, clock := newClient(t, s.URL())
	s.SetFaults(stripetest.Fault{ErrorRate: 1})
	clearFaultsAfter(s, clock, 2)
	if _, err := c.List(t.Context(), "/v1/customers", nil); err != nil {
		t.Fatal(err)
	}
	st := c.Stats()
	if st.ByStatus[500] != 2 || st.ByStatus[200] != 1 || st.Retries != 2 || st.Throttled {
		t.Errorf("stats %+v", st)
	}
	sl := clock.slept()
	if len(sl) != 2 || sl[0] < 250*time.Millisecond || sl[1] < 500*time.Millisecond {
		t.Errorf("backoff waits %v", sl)
	}
}

func TestCutOffBodyRetried(t *testing.T) {
	s := newFake(t)
	seedCustomers(t, s, 50)
	c, clock := newClient(t, s.URL())
	s.SetFaults(stripetest.Fault{CutRate: 1})
	clearFaultsAfter(s, clock, 2)
	p, err := c.List(t.Context(), "/v1/customers", url.Values{"limit": {"100"}})
	if err != nil || len(p.Data) != 50 {
		t.Fatalf("list: %v (%+v, slept %v)", err, c.Stats(), clock.slept())
	}
	obj, err := c.Get(t.Context(), "/v1/customers/"+ids(t, p.Data[:1])[0], nil)
	if err != nil || len(obj) == 0 {
		t.Fatalf("get: %v", err)
	}
	if st := c.Stats(); st.CutOff != 2 || s.Injected()["cut"] != 2 {
		t.Errorf("stats %+v injected %v", st, s.Injected())
	}
}

func TestRetriesRunOut(t *testing.T) {
	s := newFake(t)
	c, clock := newClient(t, s.URL(), func(cfg *Config) { cfg.Retry.MaxAttempts = 3 })
	s.SetFaults(stripetest.Fault{ErrorRate: 1})
	_, err := c.List(t.Context(), "/v1/customers", nil)
	var re *RequestError
	var se *stripe.Error
	if !errors.As(err, &re) || re.Attempts != 3 || re.Status != 500 || !errors.As(err, &se) || se.Type != stripe.ErrorTypeAPI {
		t.Fatalf("err %v", err)
	}
	if !strings.Contains(err.Error(), "(after 3 attempts)") || len(clock.slept()) != 2 {
		t.Errorf("err %q after %d sleeps", err, len(clock.slept()))
	}
	s.SetFaults(stripetest.Fault{ThrottleRate: 1, RetryAfter: time.Second})
	if _, err := c.List(t.Context(), "/v1/customers", nil); !errors.Is(err, ErrRateLimited) {
		t.Errorf("throttled to the end: %v", err)
	}
	if st := c.Stats(); st.Failed != 2 || !st.Throttled {
		t.Errorf("stats %+v", st)
	}
}

func TestMaxElapsedStopsBeforeALongWait(t *testing.T) {
	s := newFake(t)
	c, clock := newClient(t, s.URL(), func(cfg *Config) { cfg.Retry.MaxElapsed = 10 * time.Second })
	s.SetFaults(stripetest.Fault{ThrottleRate: 1, RetryAfter: time.Minute})
	_, err := c.List(t.Context(), "/v1/customers", nil)
	if !errors.Is(err, ErrRateLimited) || len(clock.slept()) != 0 {
		t.Errorf("err %v after sleeps %v", err, clock.slept())
	}
}

func TestUnauthorized(t *testing.T) {
	s := newFake(t)
	const live = "sk_live_" + secretPart // the fake accepts only test keys
	log, buf := logBuffer()
	c, _ := newClient(t, s.URL(), func(cfg *Config) { cfg.Key, cfg.Logger = mustKey(t, live), log })
	_, err := c.List(t.Context(), "/v1/customers", nil)
	if !errors.Is(err, ErrUnauthorized) || errors.Is(err, ErrPermission) {
		t.Fatalf("err %v", err)
	}
	if want := "stripeclient: GET /v1/customers: stripe rejected the API key (401)"; err.Error() != want {
		t.Errorf("message %q", err)
	}
	var se *stripe.Error
	if !errors.As(err, &se) || se.HTTPStatusCode != 401 {
		t.Errorf("no *stripe.Error in %v", err)
	}
	assertChainClean(t, err)
	assertNoSecret(t, "log", buf.String())
	if c.Stats().Requests != 1 {
		t.Errorf("401 was retried")
	}
}

func TestPermission(t *testing.T) {
	s := newFake(t)
	const restricted = "rk_test_" + secretPart
	s.RestrictKey(restricted, "customer")
	c, _ := newClient(t, s.URL(), func(cfg *Config) { cfg.Key = mustKey(t, restricted) })
	_, err := c.List(t.Context(), "/v1/customers", nil)
	var re *RequestError
	if !errors.Is(err, ErrPermission) || !errors.As(err, &re) || re.Permission != "rak_customer_read" {
		t.Fatalf("err %v", err)
	}
	if !strings.Contains(err.Error(), "rak_customer_read") {
		t.Errorf("message %q does not name the permission", err)
	}
	assertChainClean(t, err)
	if _, err := c.List(t.Context(), "/v1/charges", nil); err != nil {
		t.Errorf("an allowed resource failed: %v", err)
	}
}

func TestFinalClientErrors(t *testing.T) {
	s := newFake(t)
	c, _ := newClient(t, s.URL())
	_, err := c.Get(t.Context(), "/v1/customers/cus_Missing1", nil)
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("missing object: %v", err)
	}
	_, err = c.List(t.Context(), "/v1/customers", map[string][]string{"bogus": {"1"}})
	var se *stripe.Error
	if !errors.As(err, &se) || se.HTTPStatusCode != 400 || !strings.Contains(err.Error(), "400 invalid_request_error") {
		t.Errorf("unknown parameter: %v", err)
	}
	seedCustomers(t, s, 1)
	p, _ := c.List(t.Context(), "/v1/customers", nil)
	_, err = c.List(t.Context(), "/v1/customers/"+ids(t, p.Data)[0], nil)
	if !errors.Is(err, errWrongShape) {
		t.Errorf("list of an object: %v", err)
	}
	if st := c.Stats(); st.Retries != 0 {
		t.Errorf("final errors were retried: %+v", st)
	}
}

func TestContextCancel(t *testing.T) {
	s := newFake(t)
	c, clock := newClient(t, s.URL())
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := c.List(ctx, "/v1/customers", nil); !errors.Is(err, context.Canceled) || s.RequestCount("/v1/customers") != 0 {
		t.Errorf("canceled before sending: %v, %d requests", err, s.RequestCount("/v1/customers"))
	}
	ctx, cancel = context.WithCancel(t.Context())
	s.SetFaults(stripetest.Fault{ErrorRate: 1})
	clock.onSleep = func(int, time.Duration) { cancel() }
	if _, err := c.List(ctx, "/v1/customers", nil); !errors.Is(err, context.Canceled) || s.RequestCount("/v1/customers") != 1 {
		t.Errorf("canceled in backoff: %v, %d requests", err, s.RequestCount("/v1/customers"))
	}
}

// TestContextCancelInFlight cancels a request the fake is holding for a
// minute; the call must return long before.
func TestContextCancelInFlight(t *testing.T) {
	s := newFake(t)
	c, _ := newClient(t, s.URL(), func(cfg *Config) { cfg.Clock = nil })
	s.SetFaults(stripetest.Fault{Delay: time.Minute})
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.List(ctx, "/v1/customers", nil)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 20*time.Second {
		t.Errorf("err %v after %v", err, time.Since(start))
	}
}

// TestRandomFaultsWalkCompletes walks 1,500 customers through 10% 500s,
// 429 bursts and cut-off bodies and still sees each exactly once.
func TestRandomFaultsWalkCompletes(t *testing.T) {
	s := newFake(t)
	seedCustomers(t, s, 1500)
	c, _ := newClient(t, s.URL(), func(cfg *Config) { cfg.Retry.MaxAttempts = 30 })
	s.SetFaults(stripetest.Fault{ErrorRate: 0.1, ThrottleRate: 0.05, BurstLength: 3, RetryAfter: 2 * time.Second, CutRate: 0.05})
	var got []string
	for p, err := range c.Pages(t.Context(), "/v1/customers", nil) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, ids(t, p.Data)...)
	}
	seen := map[string]bool{}
	for _, id := range got {
		seen[id] = true
	}
	if len(got) != 1500 || len(seen) != 1500 {
		t.Fatalf("saw %d items, %d distinct", len(got), len(seen))
	}
	st, inj := c.Stats(), s.Injected()
	if int(st.ByStatus[500]) != inj["500"] || int(st.RateLimited) != inj["429"] || int(st.CutOff) != inj["cut"] {
		t.Errorf("stats %+v, injected %v", st, inj)
	}
	t.Logf("stats %+v, injected %v", st, inj)
}

// assertChainClean checks every error in err's tree for key material.
func assertChainClean(t *testing.T, err error) {
	t.Helper()
	queue := []error{err}
	for len(queue) > 0 {
		e := queue[0]
		queue = queue[1:]
		assertNoSecret(t, "error", e.Error())
		var se *stripe.Error
		if errors.As(e, &se) && se.LastResponse != nil {
			assertNoSecret(t, "stripe error body", string(se.LastResponse.RawJSON))
		}
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			if w := u.Unwrap(); w != nil {
				queue = append(queue, w)
			}
		case interface{ Unwrap() []error }:
			queue = append(queue, u.Unwrap()...)
		}
	}
}

// TestConcurrentWalks runs parallel walks through one client under faults
// and a limiter (run it with -race).
func TestConcurrentWalks(t *testing.T) {
	s := newFake(t)
	seedCustomers(t, s, 300)
	c, _ := newClient(t, s.URL(), func(cfg *Config) {
		cfg.Retry.MaxAttempts = 30
		cfg.RateLimit = RateLimit{Global: 1000, Endpoint: 1000}
	})
	s.SetFaults(stripetest.Fault{ErrorRate: 0.1, ThrottleRate: 0.05, RetryAfter: time.Second, CutRate: 0.05})
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			n := 0
			for p, err := range c.Pages(t.Context(), "/v1/customers", nil) {
				if err != nil {
					errs <- err
					return
				}
				n += len(p.Data)
			}
			if n != 300 {
				errs <- fmt.Errorf("walked %d customers", n)
				return
			}
			errs <- nil
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
