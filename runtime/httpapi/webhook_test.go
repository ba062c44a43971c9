package httpapi_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82/webhook"

	"github.com/stripesync/stripesync/runtime/httpapi"
	"github.com/stripesync/stripesync/runtime/stripetest"
)

const (
	oldSecret = "whsec_old0000000000000000000000000000"
	newSecret = "whsec_new1111111111111111111111111111"
	attacker  = "whsec_attacker22222222222222222222222"
)

// hookEnv is a webhook server over a migrated database and a fake Stripe
// that supplies real event payloads.
type hookEnv struct {
	fake *stripetest.Server
	app  *applier
	srv  *httptest.Server
	logs *bytes.Buffer
}

func newHookEnv(t *testing.T, secrets ...string) *hookEnv {
	t.Helper()
	pool := migratedPool(t)
	e := &hookEnv{fake: stripetest.NewTestServer(t), app: newApplier(t, pool), logs: &bytes.Buffer{}}
	s, err := httpapi.New(httpapi.Config{Secrets: secrets, Applier: e.app,
		Logger: slog.New(slog.NewTextHandler(e.logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(s.Handler())
	t.Cleanup(e.srv.Close)
	return e
}

// customerEvent creates a customer in the fake and returns its id and its
// customer.created event.
func (e *hookEnv) customerEvent(t *testing.T) (string, []byte) {
	t.Helper()
	o, err := e.fake.Create("customer", nil)
	if err != nil {
		t.Fatal(err)
	}
	evs := e.fake.Events()
	return o.ID, evs[len(evs)-1].JSON
}

// sign returns a Stripe-Signature header for body.
func sign(body []byte, secret string, at time.Time) string {
	return webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: body, Secret: secret, Timestamp: at}).Header
}

// post delivers a webhook and returns the status and body.
func (e *hookEnv) post(t *testing.T, body []byte, header string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.srv.URL+"/webhooks", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if header != "" {
		req.Header.Set("Stripe-Signature", header)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("content type %q", ct)
	}
	return resp.StatusCode, string(out)
}

// rows reports whether the customer's row and the event's processed
// record exist.
func (e *hookEnv) rows(t *testing.T, customer string, ev []byte) (row, processed int) {
	t.Helper()
	var id struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(ev, &id); err != nil {
		t.Fatal(err)
	}
	return count(t, e.app.pool, `SELECT count(*) FROM stripe.customers WHERE id = $1`, customer),
		count(t, e.app.pool, `SELECT count(*) FROM stripesync.processed_events WHERE event_id = $1`, id.ID)
}

func TestWebhookSignatures(t *testing.T) {
	e := newHookEnv(t, oldSecret, newSecret)
	now := time.Now()
	type delivery struct {
		name       string
		header     func(body []byte) string
		tamper     bool
		wantStatus int
	}
	cases := []delivery{
		{"valid, new secret", func(b []byte) string { return sign(b, newSecret, now) }, false, 200},
		{"valid, old secret during rotation", func(b []byte) string { return sign(b, oldSecret, now) }, false, 200},
		{"rolled: two v1 signatures, one stale", func(b []byte) string {
			return sign(b, newSecret, now) + ",v1=" + strings.Repeat("ab", 32)
		}, false, 200},
		{"forged", func(b []byte) string { return sign(b, attacker, now) }, false, 400},
		{"tampered body", func(b []byte) string { return sign(b, newSecret, now) }, true, 400},
		{"too old", func(b []byte) string { return sign(b, newSecret, now.Add(-301*time.Second)) }, false, 400},
		{"unsigned", func([]byte) string { return "" }, false, 400},
		{"malformed header", func([]byte) string { return "t=yesterday,v1" }, false, 400},
	}
	for _, c := range cases {
		cus, ev := e.customerEvent(t)
		sent := ev
		if c.tamper {
			sent = bytes.Replace(ev, []byte(`"object":"event"`), []byte(`"object":"event","livemode":true`), 1)
		}
		status, body := e.post(t, sent, c.header(ev))
		row, processed := e.rows(t, cus, ev)
		wantRows := 0
		if c.wantStatus == 200 {
			wantRows = 1
		}
		if status != c.wantStatus || row != wantRows || processed != wantRows {
			t.Errorf("%s: status %d (%s), customer rows %d, processed %d; want %d and %d rows",
				c.name, status, body, row, processed, c.wantStatus, wantRows)
		}
	}
	for _, s := range []string{oldSecret, newSecret, attacker} {
		if strings.Contains(e.logs.String(), s) {
			t.Error("a webhook secret reached the logs")
		}
	}
}

func TestWebhookReplayIsHarmless(t *testing.T) {
	e := newHookEnv(t, newSecret)
	cus, ev := e.customerEvent(t)
	header := sign(ev, newSecret, time.Now())
	for i := range 3 {
		if status, body := e.post(t, ev, header); status != 200 {
			t.Fatalf("delivery %d: %d %s", i+1, status, body)
		}
	}
	row, processed := e.rows(t, cus, ev)
	if row != 1 || processed != 1 || e.app.applied.Load() != 1 {
		t.Errorf("after 3 deliveries: %d rows, %d processed records, applied %d times", row, processed, e.app.applied.Load())
	}
}

func TestWebhookApplyFailureIs500AndRetried(t *testing.T) {
	e := newHookEnv(t, newSecret)
	cus, ev := e.customerEvent(t)
	header := sign(ev, newSecret, time.Now())
	e.app.fail.Store(true)
	if status, body := e.post(t, ev, header); status != 500 || !strings.Contains(body, `"ok":false`) {
		t.Errorf("failed apply: %d %s", status, body)
	}
	if row, processed := e.rows(t, cus, ev); row != 0 || processed != 0 {
		t.Errorf("a failed apply left %d rows and %d processed records", row, processed)
	}
	e.app.fail.Store(false)
	if status, _ := e.post(t, ev, header); status != 200 {
		t.Errorf("retry: %d", status)
	}
	if row, processed := e.rows(t, cus, ev); row != 1 || processed != 1 {
		t.Errorf("after the retry: %d rows, %d processed records", row, processed)
	}
}

// TestInvoiceUpcomingIsNotAnInvoice delivers invoice.upcoming: it is
// recorded as processed, and no invoice row appears.
func TestInvoiceUpcomingIsNotAnInvoice(t *testing.T) {
	e := newHookEnv(t, newSecret)
	inv, err := e.fake.Create("invoice", nil, stripetest.NoEvent())
	if err != nil {
		t.Fatal(err)
	}
	ev, err := e.fake.Emit(inv.ID, "invoice.upcoming")
	if err != nil {
		t.Fatal(err)
	}
	if status, body := e.post(t, ev.JSON, sign(ev.JSON, newSecret, time.Now())); status != 200 {
		t.Fatalf("delivery: %d %s", status, body)
	}
	if n := count(t, e.app.pool, `SELECT count(*) FROM stripesync.processed_events WHERE event_id = $1`, ev.ID); n != 1 {
		t.Errorf("invoice.upcoming not recorded: %d", n)
	}
	if n := count(t, e.app.pool, `SELECT count(*) FROM stripe.invoices`); n != 0 {
		t.Errorf("invoice.upcoming was upserted as an invoice: %d rows", n)
	}
}

func TestWebhooksDisabledWithoutSecrets(t *testing.T) {
	s, err := httpapi.New(httpapi.Config{})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/webhooks", strings.NewReader("{}")))
	if rec.Code != 404 {
		t.Errorf("no secrets: %d", rec.Code)
	}
	if _, err := httpapi.New(httpapi.Config{Secrets: []string{"not-a-secret"}, Applier: &applier{}}); err == nil {
		t.Error("a malformed secret was accepted")
	}
	if _, err := httpapi.New(httpapi.Config{Secrets: []string{newSecret}}); err == nil {
		t.Error("secrets without an Applier were accepted")
	}
}
