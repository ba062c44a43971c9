package stripeclient

import (
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// script is a local handler answering requests from a list of canned
// responses (the last one repeats) and recording their headers.
type script struct {
	mu      sync.Mutex
	answers []answer
	headers []http.Header
	forms   []url.Values
}

type answer struct {
	status int
	header map[string]string
	body   string
}

func serveScript(t *testing.T, answers ...answer) (*script, string) {
	t.Helper()
	sc := &script{answers: answers}
	ts := httptest.NewServer(sc)
	t.Cleanup(ts.Close)
	return sc, ts.URL
}

func (sc *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	sc.mu.Lock()
	n := len(sc.headers)
	sc.headers = append(sc.headers, r.Header.Clone())
	sc.forms = append(sc.forms, r.PostForm)
	a := sc.answers[min(n, len(sc.answers)-1)]
	sc.mu.Unlock()
	for k, v := range a.header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(a.status)
	_, _ = w.Write([]byte(a.body))
}

func (sc *script) seen() []http.Header {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	return sc.headers
}

const okJSON = `{"id":"cus_A1","object":"customer"}`

var apiError500 = answer{status: 500, body: `{"error":{"type":"api_error","message":"boom"}}`}

func TestPostKeepsIdempotencyKeyAcrossRetries(t *testing.T) {
	sc, base := serveScript(t, apiError500, answer{status: 409, body: `{"error":{"type":"idempotency_error","message":"in use"}}`}, answer{status: 200, body: okJSON})
	c, _ := newClient(t, base)
	if _, err := c.Post(t.Context(), "/v1/customers", url.Values{"email": {"a@example.com"}}); err != nil {
		t.Fatal(err)
	}
	seen := sc.seen()
	key := seen[0].Get("Idempotency-Key")
	if len(seen) != 3 || !strings.HasPrefix(key, "stripesync-") {
		t.Fatalf("%d attempts, key %q", len(seen), key)
	}
	for i, h := range seen {
		if h.Get("Idempotency-Key") != key || h.Get("Stripe-Version") != testVersion || sc.forms[i].Get("email") != "a@example.com" {
			t.Errorf("attempt %d: key %q version %q form %v", i, h.Get("Idempotency-Key"), h.Get("Stripe-Version"), sc.forms[i])
		}
	}
	if _, err := c.Post(t.Context(), "/v1/customers", nil); err != nil {
		t.Fatal(err)
	}
	if again := sc.seen()[3].Get("Idempotency-Key"); again == key || again == "" {
		t.Errorf("a second Post reused or lacked a key: %q", again)
	}
	if _, err := c.Get(t.Context(), "/v1/customers/cus_A1", nil); err != nil {
		t.Fatal(err)
	}
	if got := sc.seen()[4].Get("Idempotency-Key"); got != "" {
		t.Errorf("GET sent Idempotency-Key %q", got)
	}
}

func TestStripeShouldRetryHeader(t *testing.T) {
	sc, base := serveScript(t, answer{status: 500, header: map[string]string{"Stripe-Should-Retry": "false"}, body: apiError500.body})
	c, _ := newClient(t, base)
	if _, err := c.Get(t.Context(), "/v1/customers/cus_A1", nil); err == nil || len(sc.seen()) != 1 {
		t.Errorf("should-retry false: %v after %d attempts", err, len(sc.seen()))
	}
	lock := answer{status: 400, header: map[string]string{"Stripe-Should-Retry": "true"}, body: `{"error":{"type":"invalid_request_error","code":"lock_timeout","message":"locked"}}`}
	sc, base = serveScript(t, lock, answer{status: 200, body: okJSON})
	c, _ = newClient(t, base)
	if _, err := c.Get(t.Context(), "/v1/customers/cus_A1", nil); err != nil || len(sc.seen()) != 2 {
		t.Errorf("should-retry true: %v after %d attempts", err, len(sc.seen()))
	}
}

func TestNonJSONBodiesRetried(t *testing.T) {
	proxy := answer{status: 502, header: map[string]string{"Content-Type": "text/html"}, body: "<html>bad gateway</html>"}
	garbled := answer{status: 200, body: `{"id":"cus_A1","obj`}
	sc, base := serveScript(t, proxy, garbled, answer{status: 200, body: okJSON})
	c, _ := newClient(t, base)
	body, err := c.Get(t.Context(), "/v1/customers/cus_A1", nil)
	if err != nil || string(body) != okJSON || len(sc.seen()) != 3 {
		t.Fatalf("%s %v after %d attempts", body, err, len(sc.seen()))
	}
	if st := c.Stats(); st.ByStatus[502] != 1 || st.CutOff != 1 || st.ByStatus[200] != 2 {
		t.Errorf("stats %+v", st)
	}
	_, base = serveScript(t, garbled)
	c, _ = newClient(t, base, func(cfg *Config) { cfg.Retry.MaxAttempts = 2 })
	_, err = c.Get(t.Context(), "/v1/customers/cus_A1", nil)
	if !errors.Is(err, errBadJSON) || strings.Contains(err.Error(), "cus_A1\",") {
		t.Errorf("garbled to the end: %v", err)
	}
}

func TestConnectionErrorsRetried(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens here now
	c, clock := newClient(t, "http://"+addr, func(cfg *Config) { cfg.Retry.MaxAttempts = 3 })
	_, err = c.List(t.Context(), "/v1/customers", nil)
	var re *RequestError
	if !errors.As(err, &re) || re.Status != 0 || re.Attempts != 3 || len(clock.slept()) != 2 {
		t.Fatalf("err %v", err)
	}
	if st := c.Stats(); st.ByStatus[0] != 3 {
		t.Errorf("stats %+v", st)
	}
}

// TestLogsNeverHoldTheKey runs failures through a debug-level logger,
// stripe-go's own lines included, and checks the output for the key.
func TestLogsNeverHoldTheKey(t *testing.T) {
	echo := answer{status: 401, body: `{"error":{"type":"invalid_request_error","message":"Invalid API Key provided: ` + testSecret + `"}}`}
	_, base := serveScript(t, apiError500, answer{status: 429, header: map[string]string{"Retry-After": "1"}, body: `{"error":{"type":"invalid_request_error","message":"slow down ` + testSecret[:12] + `****"}}`}, echo)
	log, buf := logBuffer()
	c, _ := newClient(t, base, func(cfg *Config) { cfg.Logger = log })
	_, err := c.Get(t.Context(), "/v1/customers/cus_A1", nil)
	if !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("err %v", err)
	}
	assertChainClean(t, err)
	out := buf.String()
	assertNoSecret(t, "log", out)
	if strings.Contains(out, testSecret[:12]) {
		t.Errorf("log holds a partial key: %s", out)
	}
	for _, want := range []string{"stripe-go", "rate limiting", "retrying"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q: %s", want, out)
		}
	}
}
