package stripeclient

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

// benchSetup starts the fake with n customers and a client with the
// limiter off on the real clock.
func benchSetup(b *testing.B, n int) (*Client, string) {
	b.Helper()
	s := newFake(b)
	seedCustomers(b, s, n)
	c, _ := newClient(b, s.URL(), func(cfg *Config) { cfg.Clock = nil })
	return c, s.URL()
}

// report adds requests and objects per second.
func report(b *testing.B, requests, objects int) {
	secs := b.Elapsed().Seconds()
	b.ReportMetric(float64(requests)/secs, "req/s")
	b.ReportMetric(float64(objects)/secs, "objects/s")
}

var page100 = url.Values{"limit": {"100"}}

// BenchmarkList fetches one 100-customer page per op, one at a time.
func BenchmarkList(b *testing.B) {
	c, _ := benchSetup(b, 1000)
	objects := 0
	for b.Loop() {
		p, err := c.List(b.Context(), "/v1/customers", page100)
		if err != nil {
			b.Fatal(err)
		}
		objects += len(p.Data)
	}
	report(b, b.N, objects)
}

// BenchmarkListParallel fetches 100-customer pages from parallel workers.
func BenchmarkListParallel(b *testing.B) {
	c, _ := benchSetup(b, 1000)
	b.SetParallelism(4)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.List(b.Context(), "/v1/customers", page100); err != nil {
				b.Error(err)
				return
			}
		}
	})
	report(b, b.N, 100*b.N)
}

// BenchmarkGet retrieves one small object per op.
func BenchmarkGet(b *testing.B) {
	c, _ := benchSetup(b, 10)
	p, err := c.List(b.Context(), "/v1/customers", nil)
	if err != nil {
		b.Fatal(err)
	}
	id, _ := p.ItemID(0)
	for b.Loop() {
		if _, err := c.Get(b.Context(), "/v1/customers/"+id, nil); err != nil {
			b.Fatal(err)
		}
	}
	report(b, b.N, b.N)
}

// staticPage serves one pre-rendered 100-customer page from the fake, so a
// benchmark measures the client rather than the fake's rendering.
func staticPage(b *testing.B) string {
	b.Helper()
	c, _ := benchSetup(b, 100)
	body, err := c.Get(b.Context(), "/v1/customers", page100)
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	b.Cleanup(ts.Close)
	b.SetBytes(int64(len(body)))
	return ts.URL
}

// BenchmarkListStatic is BenchmarkList against a static page: the client's
// own ceiling on loopback.
func BenchmarkListStatic(b *testing.B) {
	c, _ := newClient(b, staticPage(b), func(cfg *Config) { cfg.Clock = nil })
	objects := 0
	for b.Loop() {
		p, err := c.List(b.Context(), "/v1/customers", page100)
		if err != nil {
			b.Fatal(err)
		}
		objects += len(p.Data)
	}
	report(b, b.N, objects)
}

// BenchmarkBaselineStatic is BenchmarkBaselineHTTP against a static page.
func BenchmarkBaselineStatic(b *testing.B) {
	base := staticPage(b)
	objects := 0
	for b.Loop() {
		objects += baselineList(b, base)
	}
	report(b, b.N, objects)
}

// baselineList fetches one page with bare net/http and encoding/json.
func baselineList(b *testing.B, base string) int {
	req, _ := http.NewRequestWithContext(b.Context(), http.MethodGet, base+"/v1/customers?limit=100", nil)
	req.Header.Set("Authorization", "Bearer "+testSecret)
	req.Header.Set("Stripe-Version", testVersion)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var p Page
	if err := json.Unmarshal(body, &p); err != nil {
		b.Fatal(err)
	}
	return len(p.Data)
}

// BenchmarkBaselineHTTP is BenchmarkList with bare net/http and
// encoding/json, to show what the client itself costs.
func BenchmarkBaselineHTTP(b *testing.B) {
	_, base := benchSetup(b, 1000)
	objects := 0
	for b.Loop() {
		objects += baselineList(b, base)
	}
	report(b, b.N, objects)
}
