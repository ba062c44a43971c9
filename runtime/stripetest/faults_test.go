package stripetest

import (
	"io"
	"net/http"
	"testing"
	"time"
)

// statuses makes n requests and returns their statuses (0: transport error).
func statuses(t *testing.T, s *Server, path string, n int) []int {
	t.Helper()
	out := make([]int, n)
	for i := range out {
		req, _ := http.NewRequest(http.MethodGet, s.URL()+path, nil)
		req.Header.Set("Authorization", "Bearer "+testKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			continue
		}
		if _, err := io.ReadAll(resp.Body); err == nil {
			out[i] = resp.StatusCode
		}
		resp.Body.Close()
	}
	return out
}

func count(xs []int, v int) int {
	n := 0
	for _, x := range xs {
		if x == v {
			n++
		}
	}
	return n
}

func TestErrorRateIsHonouredAndDeterministic(t *testing.T) {
	run := func() []int {
		s := NewTestServer(t, WithSeed(7))
		s.SetFaults(Fault{Path: "/v1/customers", ErrorRate: 0.2})
		got := statuses(t, s, "/v1/customers", 400)
		if n := count(statuses(t, s, "/v1/charges", 50), 500); n != 0 {
			t.Errorf("fault leaked to another path: %d", n)
		}
		return got
	}
	a, b := run(), run()
	n := count(a, 500)
	if n < 50 || n > 110 {
		t.Errorf("500s: %d of 400, want about 80", n)
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("not deterministic at request %d", i)
		}
	}
}

func TestThrottleBurstsCarryRetryAfter(t *testing.T) {
	s := NewTestServer(t)
	s.SetFaults(Fault{Path: "/v1/*", ThrottleRate: 0.05, BurstLength: 3, RetryAfter: 2 * time.Second})
	got := statuses(t, s, "/v1/invoices", 300)
	if n := count(got, 429); n < 9 {
		t.Errorf("429s: %d of 300", n)
	}
	for i := 0; i < len(got); {
		if got[i] != 429 {
			i++
			continue
		}
		end := min(i+3, len(got))
		for j := i; j < end; j++ {
			if got[j] != 429 {
				t.Fatalf("429 burst shorter than 3 at %d: %v", i, got[i:end])
			}
		}
		i = end
	}
	req, _ := http.NewRequest(http.MethodGet, s.URL()+"/v1/invoices", nil)
	req.Header.Set("Authorization", "Bearer "+testKey)
	s.SetFaults(Fault{ThrottleRate: 1, RetryAfter: 2 * time.Second})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "2" || apiErr(t, body).Code != "rate_limit" {
		t.Errorf("429: %d Retry-After=%q %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
}

func TestCutResponsesFailTheClient(t *testing.T) {
	s := NewTestServer(t)
	mustCreate(t, s, "customer", nil)
	s.SetFaults(Fault{Path: "/v1/customers*", CutRate: 1})
	got := statuses(t, s, "/v1/customers", 5)
	if count(got, 0) != 5 || s.Injected()["cut"] != 5 {
		t.Errorf("cut: %v injected %v", got, s.Injected())
	}
	for _, r := range s.Requests() {
		if r.Status != 0 {
			t.Errorf("cut request logged with status %d", r.Status)
		}
	}
}

func TestDelayAndGlobalRateLimit(t *testing.T) {
	s := NewTestServer(t)
	s.SetFaults(Fault{Delay: time.Millisecond, DelayRate: 0.5})
	statuses(t, s, "/v1/customers", 40)
	if n := s.Injected()["delay"]; n < 10 || n > 30 {
		t.Errorf("delayed %d of 40", n)
	}
	s.SetFaults()
	s.SetRateLimit(2, 5)
	got := statuses(t, s, "/v1/customers", 20)
	if n := count(got, 429); n < 10 {
		t.Errorf("rate limited %d of 20 (2/s, burst 5)", n)
	}
	s.SetRateLimit(0, 0)
	if n := count(statuses(t, s, "/v1/customers", 5), 200); n != 5 {
		t.Errorf("after removing the limit: %d ok", n)
	}
}
