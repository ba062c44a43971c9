package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82/webhook"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/runtime/stripetest"
)

// webhookSecret signs the test's deliveries; checkOutputs does not look
// for it, but the command must not print it either (checked below).
const webhookSecret = "whsec_" + "listenTestSECRET0a1b2c3d"

// TestSyncListen runs `sync --listen` against the fake: a signed webhook
// is applied before its 200, a forged one is rejected with 400 and writes
// nothing, /wait is read-after-write, /metrics names the engine's
// metrics, and SIGTERM stops both cleanly.
func TestSyncListen(t *testing.T) {
	t.Parallel()
	fake := stripetest.NewTestServer(t, stripetest.WithClock(stripetest.RealClock{}))
	db := migratedDB(t)
	addr := freeAddr(t)
	env := syncEnv(db, fake.URL())
	env["STRIPESYNC_RELIST_INTERVAL"] = "0"
	s := startSyncer(t, "sync --listen", env, "sync", "--listen", addr, "--webhook-secret", "whsec_other0123,"+webhookSecret)
	s.waitOutput("following events", 60*time.Second)
	base := "http://" + addr

	// a customer only the webhook knows: polling never sees it
	tmpl, err := fake.Create("customer", map[string]any{"email": "template@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	body := customerEvent(t, tmpl.JSON, "cus_webhookOnly1", "evt_webhookOnly1")
	code, resp := postWebhook(t, base, body, webhookSecret)
	if code != 200 {
		t.Fatalf("signed webhook: %d %s", code, resp)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM stripe.customers WHERE id = 'cus_webhookOnly1'`); n != 1 {
		t.Fatalf("after the 200 the row is not there (%d rows)", n)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM stripesync.processed_events WHERE event_id = 'evt_webhookOnly1'`); n != 1 {
		t.Errorf("webhook event not recorded as processed (%d)", n)
	}
	if code, resp := postWebhook(t, base, body, webhookSecret); code != 200 {
		t.Errorf("duplicate delivery: %d %s", code, resp)
	}

	forged := customerEvent(t, tmpl.JSON, "cus_forged1", "evt_forged1")
	if code, resp := postWebhook(t, base, forged, "whsec_notTheSecret42"); code != 400 {
		t.Errorf("forged webhook: %d %s, want 400", code, resp)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM stripe.customers WHERE id = 'cus_forged1'`); n != 0 {
		t.Errorf("forged webhook wrote %d rows", n)
	}
	// a replay: the right secret, signed 10 minutes ago (tolerance 300 s)
	stale := customerEvent(t, tmpl.JSON, "cus_stale1", "evt_stale1")
	if code, resp := postWebhookAt(t, base, stale, webhookSecret, time.Now().Add(-10*time.Minute)); code != 400 {
		t.Errorf("stale signature: %d %s, want 400", code, resp)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM stripe.customers WHERE id = 'cus_stale1'`); n != 0 {
		t.Errorf("stale webhook wrote %d rows", n)
	}
	// rotation: the other configured secret signs too
	rotated := customerEvent(t, tmpl.JSON, "cus_rotated1", "evt_rotated1")
	if code, resp := postWebhook(t, base, rotated, "whsec_other0123"); code != 200 {
		t.Errorf("delivery signed with the other secret: %d %s, want 200", code, resp)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM stripe.customers WHERE id = 'cus_rotated1'`); n != 1 {
		t.Errorf("delivery signed with the other secret wrote %d rows, want 1", n)
	}

	for round := range 3 {
		email := fmt.Sprintf("wait%d@example.com", round)
		o, err := fake.Create("customer", map[string]any{"email": email})
		if err != nil {
			t.Fatal(err)
		}
		code, resp := get(t, base+"/wait?timeout=20s")
		if code != 200 || !strings.Contains(resp, `"ok":true`) {
			t.Fatalf("/wait: %d %s", code, resp)
		}
		if got := queryString(t, db, `SELECT coalesce(email, '') FROM stripe.customers WHERE id = $1`, o.ID); got != email {
			t.Fatalf("after /wait the write is not there: %q", got)
		}
	}

	if code, resp := get(t, base+"/healthz"); code != 200 {
		t.Errorf("/healthz: %d %s", code, resp)
	}
	code, metrics := get(t, base+"/metrics")
	for _, name := range []string{"stripesync_lag_seconds", "stripesync_events_applied_total", "stripesync_rows_written_total{table=\"customers\"}",
		"stripesync_stripe_requests_total{status=\"200\"}", "stripesync_stripe_rate_limited_total", "stripesync_backfill_tables_done",
		"stripesync_seconds_since_last_successful_poll", "stripesync_webhooks_total{result=\"applied\"}"} {
		if code != 200 || !strings.Contains(metrics, name) {
			t.Errorf("/metrics (%d) lacks %s", code, name)
		}
	}
	if c := s.terminate(30 * time.Second); c != 0 {
		t.Fatalf("SIGTERM: exit %d; output:\n%s", c, tail(s.out.String(), 30))
	}
	if strings.Contains(s.out.String(), webhookSecret) || strings.Contains(s.out.String(), "whsec_other0123") {
		t.Fatal("the output shows a webhook secret")
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("the HTTP server still answers after the syncer exited")
	}
}

// TestSyncListenWithoutSecret: /webhooks answers 404 saying how to enable
// it, while /healthz still works.
func TestSyncListenWithoutSecret(t *testing.T) {
	t.Parallel()
	fake := stripetest.NewTestServer(t, stripetest.WithClock(stripetest.RealClock{}))
	db := migratedDB(t)
	addr := freeAddr(t)
	s := startSyncer(t, "sync --listen", syncEnv(db, fake.URL()), "sync", "--listen", addr)
	s.waitOutput("listening", 60*time.Second)
	if !strings.Contains(s.out.String(), "GET /wait and GET /metrics are unauthenticated") {
		t.Errorf("no warning that /wait and /metrics are open; output:\n%s", tail(s.out.String(), 10))
	}
	code, resp := postWebhook(t, "http://"+addr, []byte(`{}`), "whsec_whatever1")
	if code != 404 || !strings.Contains(resp, "STRIPE_WEBHOOK_SECRET") {
		t.Errorf("/webhooks without a secret: %d %s", code, resp)
	}
	if code, resp := get(t, "http://"+addr+"/healthz"); code != 200 {
		t.Errorf("/healthz: %d %s", code, resp)
	}
	if c := s.terminate(30 * time.Second); c != 0 {
		t.Fatalf("SIGTERM: exit %d", c)
	}
}

// TestSyncListenToken: with --http-token, /wait and /metrics answer 401
// without the token and 200 with it, /healthz and /webhooks need none,
// and the token never shows in the output.
func TestSyncListenToken(t *testing.T) {
	t.Parallel()
	fake := stripetest.NewTestServer(t, stripetest.WithClock(stripetest.RealClock{}))
	db := migratedDB(t)
	addr := freeAddr(t)
	s := startSyncer(t, "sync --listen --http-token", syncEnv(db, fake.URL()), "sync", "--listen", addr,
		"--http-token", testHTTPToken, "--webhook-secret", webhookSecret)
	s.waitOutput("following events", 60*time.Second)
	base := "http://" + addr
	for _, path := range []string{"/wait?timeout=20s", "/metrics"} {
		for name, auth := range map[string]string{"no header": "", "a wrong token": "Bearer wrongTOKEN0123456789",
			"another scheme": "Basic " + testHTTPToken} {
			if code, resp := getAuth(t, base+path, auth); code != 401 || !strings.Contains(resp, `"ok":false`) {
				t.Errorf("%s with %s: %d %s, want 401", path, name, code, resp)
			}
		}
		if code, resp := getAuth(t, base+path, "Bearer "+testHTTPToken); code != 200 {
			t.Errorf("%s with the token: %d %s", path, code, resp)
		}
	}
	if code, resp := get(t, base+"/healthz"); code != 200 {
		t.Errorf("/healthz without a token: %d %s", code, resp)
	}
	if code, resp := postWebhook(t, base, []byte(`{}`), "whsec_notTheSecret42"); code != 400 {
		t.Errorf("/webhooks answers %d %s, want the signature check's 400", code, resp)
	}
	if _, metrics := getAuth(t, base+"/metrics", "Bearer "+testHTTPToken); !strings.Contains(metrics, `stripesync_http_unauthorized_total{route="wait"} 3`) {
		t.Errorf("/metrics does not count the rejected /wait requests")
	}
	if c := s.terminate(30 * time.Second); c != 0 {
		t.Fatalf("SIGTERM: exit %d; output:\n%s", c, tail(s.out.String(), 30))
	}
	out := s.out.String()
	if strings.Contains(out, testHTTPToken) || strings.Contains(out, "[redacted]") {
		t.Error("the output shows the token, or the redactor had to hide it")
	}
	if strings.Contains(out, "unauthenticated") {
		t.Errorf("warns of open routes although a token is set:\n%s", tail(out, 30))
	}
}

// getAuth returns the status and body of GET url with the Authorization
// header auth (none when "").
func getAuth(t *testing.T, url, auth string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// freeAddr returns a loopback address nothing listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// customerEvent makes a customer.created event for a copy of obj with id.
func customerEvent(t *testing.T, obj json.RawMessage, id, eventID string) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(obj, &m); err != nil {
		t.Fatal(err)
	}
	m["id"] = id
	b, err := json.Marshal(map[string]any{"id": eventID, "object": "event", "type": "customer.created",
		"api_version": generated.APIVersion, "created": time.Now().Unix(), "livemode": false,
		"pending_webhooks": 1, "data": map[string]any{"object": m}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// postWebhook delivers body signed with secret.
func postWebhook(t *testing.T, base string, body []byte, secret string) (int, string) {
	t.Helper()
	return postWebhookAt(t, base, body, secret, time.Now())
}

// postWebhookAt posts body signed with secret at the given time.
func postWebhookAt(t *testing.T, base string, body []byte, secret string, at time.Time) (int, string) {
	t.Helper()
	sp := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: body, Secret: secret, Timestamp: at})
	req, err := http.NewRequest("POST", base+"/webhooks", strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Stripe-Signature", sp.Header)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// get returns the status and body of GET url.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	return getAuth(t, url, "")
}

// TestSyncListenAddressTaken: sync stops with exit 1 naming the problem
// when --listen's address is taken.
func TestSyncListenAddressTaken(t *testing.T) {
	t.Parallel()
	fake := stripetest.NewTestServer(t, stripetest.WithClock(stripetest.RealClock{}))
	db := migratedDB(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	s := startSyncer(t, "sync --listen taken", syncEnv(db, fake.URL()), "sync", "--listen", ln.Addr().String())
	if c := s.waitExit(60 * time.Second); c != 1 || !strings.Contains(s.out.String(), "http endpoints") {
		t.Fatalf("exit %d; output:\n%s", c, tail(s.out.String(), 10))
	}
}
