package httpapi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stripesync/stripesync/runtime/httpapi"
)

const authToken = "tok_AUTHtestToken0123456789"

// appliedTracker has applied every event.
type appliedTracker struct{}

func (appliedTracker) Applied(context.Context, string) (bool, error) { return true, nil }

// nopApplier accepts every event.
type nopApplier struct{}

func (nopApplier) Apply(context.Context, []byte) error { return nil }

// tokenServer is a server whose /wait answers at once, guarded by authToken.
func tokenServer(t *testing.T) http.Handler {
	t.Helper()
	s, err := httpapi.New(httpapi.Config{Token: authToken, Events: stubEvents{}, Tracker: appliedTracker{},
		Secrets: []string{newSecret}, Applier: nopApplier{}})
	if err != nil {
		t.Fatal(err)
	}
	return s.Handler()
}

// serve sends method path with the Authorization header (none when "").
func serve(h http.Handler, method, path, auth, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestTokenGuardsWaitAndMetrics(t *testing.T) {
	h := tokenServer(t)
	rejected := map[string]string{
		"missing header": "",
		"wrong token":    "Bearer tok_wrongToken0123456789ab",
		"token prefix":   "Bearer " + authToken[:len(authToken)-1],
		"token suffix":   "Bearer " + authToken + "x",
		"wrong scheme":   "Basic " + authToken,
		"no scheme":      authToken,
		"empty bearer":   "Bearer ",
	}
	for _, path := range []string{"/wait", "/metrics"} {
		for name, auth := range rejected {
			rec := serve(h, http.MethodGet, path, auth, "")
			if rec.Code != 401 || rec.Header().Get("WWW-Authenticate") != "Bearer" ||
				!strings.Contains(rec.Body.String(), `"ok":false`) || !strings.Contains(rec.Body.String(), "bearer token") {
				t.Errorf("%s, %s: %d %q %s", path, name, rec.Code, rec.Header().Get("WWW-Authenticate"), rec.Body)
			}
			if strings.Contains(rec.Body.String(), authToken) {
				t.Errorf("%s, %s: the answer shows the token", path, name)
			}
		}
		for _, auth := range []string{"Bearer " + authToken, "bearer " + authToken} {
			if rec := serve(h, http.MethodGet, path, auth, ""); rec.Code != 200 {
				t.Errorf("%s with %q: %d %s", path, strings.Fields(auth)[0], rec.Code, rec.Body)
			}
		}
	}
}

func TestTokenLeavesHealthAndWebhooks(t *testing.T) {
	h := tokenServer(t)
	if rec := serve(h, http.MethodGet, "/healthz", "", ""); rec.Code != 200 {
		t.Errorf("/healthz without a token: %d %s", rec.Code, rec.Body)
	}
	body := `{"id":"evt_auth1","object":"event","type":"customer.created","data":{"object":{"id":"cus_1","object":"customer"}}}`
	req := httptest.NewRequest(http.MethodPost, "/webhooks", strings.NewReader(body))
	req.Header.Set("Stripe-Signature", sign([]byte(body), newSecret, time.Now()))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Errorf("signed webhook without a token: %d %s", rec.Code, rec.Body)
	}
	if rec := serve(h, http.MethodPost, "/webhooks", "Bearer "+authToken, body); rec.Code != 400 {
		t.Errorf("unsigned webhook with the token: %d, want 400 (the signature is the only check)", rec.Code)
	}
}

func TestTokenRejectionsCounted(t *testing.T) {
	h := tokenServer(t)
	serve(h, http.MethodGet, "/wait", "", "")
	serve(h, http.MethodGet, "/metrics", "Bearer nope", "")
	serve(h, http.MethodGet, "/metrics", "Basic x", "")
	rec := serve(h, http.MethodGet, "/metrics", "Bearer "+authToken, "")
	for _, want := range []string{
		`stripesync_http_unauthorized_total{route="metrics"} 2`,
		`stripesync_http_unauthorized_total{route="wait"} 1`,
	} {
		if !strings.Contains(rec.Body.String(), want+"\n") {
			t.Errorf("metrics lack %q", want)
		}
	}
	checkExposition(t, rec.Body.String())
}

func TestTokenOffAndInvalid(t *testing.T) {
	s, err := httpapi.New(httpapi.Config{Events: stubEvents{}, Tracker: appliedTracker{}})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/wait", "/metrics"} {
		if rec := serve(s.Handler(), http.MethodGet, path, "", ""); rec.Code != 200 {
			t.Errorf("%s without a configured token: %d", path, rec.Code)
		}
	}
	for _, bad := range []string{"has space inside0123", "tab\tinside0123456789", "ünicode0123456789"} {
		_, err := httpapi.New(httpapi.Config{Token: bad})
		if err == nil || strings.Contains(err.Error(), bad) {
			t.Errorf("token %q: New error %v, want a refusal that does not quote it", bad, err)
		}
	}
}
