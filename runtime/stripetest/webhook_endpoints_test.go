package stripetest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// send sends a form with the given method and key and returns status and body.
func send(t testing.TB, s *Server, method, key, path string, form url.Values) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL()+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body
}

// endpointJSON is the part of a webhook endpoint the tests read.
type endpointJSON struct {
	ID         string   `json:"id"`
	URL        string   `json:"url"`
	APIVersion *string  `json:"api_version"`
	Events     []string `json:"enabled_events"`
	Status     string   `json:"status"`
	Secret     string   `json:"secret"`
}

func decodeEndpoint(t testing.TB, body []byte) endpointJSON {
	t.Helper()
	var e endpointJSON
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("decode endpoint: %v: %s", err, body)
	}
	return e
}

func TestWebhookEndpointCreateUpdateDelete(t *testing.T) {
	s := NewTestServer(t)
	form := vals("url", "https://example.com/webhooks", "api_version", "2025-05-28.basil",
		"enabled_events[0]", "customer.updated", "enabled_events[1]", "charge.succeeded", "description", "stripesync")
	status, body := send(t, s, http.MethodPost, testKey, "/v1/webhook_endpoints", form)
	if status != 200 {
		t.Fatalf("create: %d %s", status, body)
	}
	e := decodeEndpoint(t, body)
	if !strings.HasPrefix(e.Secret, "whsec_") || e.APIVersion == nil || *e.APIVersion != "2025-05-28.basil" ||
		strings.Join(e.Events, ",") != "customer.updated,charge.succeeded" || e.Status != "enabled" {
		t.Fatalf("created endpoint %+v", e)
	}
	if n := len(getList(t, s, "/v1/events", nil).Data); n != 0 {
		t.Errorf("creating an endpoint emitted %d events, want none", n)
	}
	got := decodeEndpoint(t, mustGet(t, s, "/v1/webhook_endpoints/"+e.ID))
	if got.Secret != "" {
		t.Error("a retrieve shows the signing secret; Stripe shows it only on create")
	}
	status, body = send(t, s, http.MethodPost, testKey, "/v1/webhook_endpoints/"+e.ID,
		vals("enabled_events[0]", "invoice.paid", "disabled", "true"))
	if u := decodeEndpoint(t, body); status != 200 || strings.Join(u.Events, ",") != "invoice.paid" || u.Status != "disabled" {
		t.Fatalf("update: %d %s", status, body)
	}
	if status, _ = send(t, s, http.MethodDelete, testKey, "/v1/webhook_endpoints/"+e.ID, nil); status != 200 {
		t.Fatalf("delete: %d", status)
	}
	if n := len(getList(t, s, "/v1/webhook_endpoints", nil).Data); n != 0 {
		t.Errorf("%d endpoints listed after the delete", n)
	}
}

func TestWebhookEndpointRejects(t *testing.T) {
	s := NewTestServer(t)
	cases := []struct {
		name string
		form url.Values
		code string
	}{
		{"unknown event", vals("url", "https://x.test/h", "enabled_events[0]", "customer.exploded"), ""},
		{"no events", vals("url", "https://x.test/h"), "parameter_missing"},
		{"no url", vals("enabled_events[0]", "customer.updated"), "parameter_missing"},
		{"bad url", vals("url", "ftp://x.test", "enabled_events[0]", "customer.updated"), "url_invalid"},
		{"bad version", vals("url", "https://x.test/h", "enabled_events[0]", "customer.updated", "api_version", "latest"), ""},
		{"unknown param", vals("url", "https://x.test/h", "enabled_events[0]", "customer.updated", "colour", "red"), "parameter_unknown"},
	}
	for _, c := range cases {
		status, body := send(t, s, http.MethodPost, testKey, "/v1/webhook_endpoints", c.form)
		if status != 400 || apiErr(t, body).Code != c.code {
			t.Errorf("%s: %d %s", c.name, status, body)
		}
	}
	status, body := send(t, s, http.MethodPost, testKey, "/v1/webhook_endpoints",
		vals("url", "https://x.test/h", "enabled_events[0]", "customer.updated"))
	e := decodeEndpoint(t, body)
	if status != 200 || e.APIVersion != nil {
		t.Fatalf("create without api_version: %d %s", status, body)
	}
	status, body = send(t, s, http.MethodPost, testKey, "/v1/webhook_endpoints/"+e.ID, vals("api_version", "2025-05-28.basil"))
	if status != 400 || apiErr(t, body).Code != "parameter_unknown" {
		t.Errorf("api_version on update: %d %s", status, body)
	}
	restricted := "rk_test_noendpoints"
	s.RestrictKey(restricted, "webhook_endpoint")
	status, body = send(t, s, http.MethodPost, restricted, "/v1/webhook_endpoints", url.Values{})
	if status != 403 || !strings.Contains(apiErr(t, body).Message, "rak_webhook_endpoint_write") {
		t.Errorf("restricted key: %d %s", status, body)
	}
}

// mustGet fetches a path with the test key and fails on a non-200.
func mustGet(t testing.TB, s *Server, path string) []byte {
	t.Helper()
	status, body, _ := call(t, s, path, nil)
	if status != 200 {
		t.Fatalf("GET %s: %d %s", path, status, body)
	}
	return body
}
