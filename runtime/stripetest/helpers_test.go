package stripetest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"
)

const testKey = "sk_test_stripetest123456"

// listPage is a decoded list response.
type listPage struct {
	Object  string            `json:"object"`
	Data    []json.RawMessage `json:"data"`
	HasMore bool              `json:"has_more"`
	URL     string            `json:"url"`
}

// ids returns the ids of a page's items.
func (p listPage) ids(t testing.TB) []string {
	t.Helper()
	out := make([]string, len(p.Data))
	for i, raw := range p.Data {
		var obj struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(raw, &obj); err != nil {
			t.Fatal(err)
		}
		out[i] = obj.ID
	}
	return out
}

// call sends a GET with the test key and returns status and body.
func call(t testing.TB, s *Server, path string, q url.Values) (int, []byte, http.Header) {
	t.Helper()
	return callKey(t, s, testKey, path, q)
}

func callKey(t testing.TB, s *Server, key, path string, q url.Values) (int, []byte, http.Header) {
	t.Helper()
	u := s.URL() + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	req.Header.Set("Stripe-Version", "2025-05-28.basil")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: read: %v", u, err)
	}
	return resp.StatusCode, body, resp.Header
}

// getList fetches one page and fails the test on a non-200.
func getList(t testing.TB, s *Server, path string, q url.Values) listPage {
	t.Helper()
	status, body, _ := call(t, s, path, q)
	if status != 200 {
		t.Fatalf("GET %s?%s: %d %s", path, q.Encode(), status, body)
	}
	var p listPage
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// apiErr decodes a Stripe error body.
func apiErr(t testing.TB, body []byte) apiError {
	t.Helper()
	var env struct {
		Error apiError `json:"error"`
	}
	if err := json.Unmarshal(body, &env); err != nil || env.Error.Message == "" {
		t.Fatalf("not a Stripe error: %s", body)
	}
	return env.Error
}

func vals(kv ...string) url.Values {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		q.Add(kv[i], kv[i+1])
	}
	return q
}

// mustCreate creates an object or fails the test.
func mustCreate(t testing.TB, s *Server, resource string, fields map[string]any, opts ...Option) Object {
	t.Helper()
	o, err := s.Create(resource, fields, opts...)
	if err != nil {
		t.Fatalf("create %s: %v", resource, err)
	}
	return o
}

// field decodes one top-level field of an object's JSON.
func field(t testing.TB, raw json.RawMessage, name string) any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m[name]
}

func advance(s *Server, d time.Duration) { s.FakeClock().Advance(d) }
