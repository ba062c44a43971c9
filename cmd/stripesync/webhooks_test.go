package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/runtime/stripetest"
	"github.com/stripesync/stripesync/runtime/webhookadmin"
)

// TestWebhooksEnsure: ensure refuses to create without --secret-file, then
// creates the endpoint pinned to the generated version with exactly the
// tables' event types, its secret in a 0600 file and never on the output;
// a second run changes nothing; retire finds nothing to delete.
func TestWebhooksEnsure(t *testing.T) {
	t.Parallel()
	fake := stripetest.NewTestServer(t)
	env := withKey("", fake.URL())
	delete(env, "DATABASE_URL")
	const hook = "https://example.com/stripesync/webhooks"
	secretFile := filepath.Join(t.TempDir(), "whsec")

	r := run(t, env, "webhooks", "ensure", "--url", hook)
	wantOneLine(t, r, 2, "--secret-file")
	if n := len(endpoints(t, fake)); n != 0 {
		t.Fatalf("ensure without --secret-file created %d endpoints", n)
	}
	r = run(t, env, "webhooks", "ensure", "--url", hook, "--dry-run")
	if r.code != 0 || !strings.Contains(r.stdout, "would be created") || len(endpoints(t, fake)) != 0 {
		t.Fatalf("dry run: %s", r)
	}

	r = run(t, env, "webhooks", "ensure", "--url", hook, "--secret-file", secretFile)
	if r.code != 0 || !strings.Contains(r.stdout, " created: ") {
		t.Fatalf("first ensure: %s", r)
	}
	st, err := os.Stat(secretFile)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("secret file: %v %v", st, err)
	}
	b, _ := os.ReadFile(secretFile)
	secret := strings.TrimSpace(string(b))
	if !strings.HasPrefix(secret, "whsec_") || strings.Contains(r.stdout+r.stderr, secret) {
		t.Fatalf("secret file does not hold a signing secret, or the output shows it")
	}
	eps := endpoints(t, fake)
	if len(eps) != 1 {
		t.Fatalf("%d endpoints after ensure", len(eps))
	}
	want := slices.Sorted(slices.Values(webhookadmin.EventTypes(generated.Registry)))
	got := slices.Sorted(slices.Values(eps[0].Events))
	if eps[0].APIVersion != generated.APIVersion || eps[0].URL != hook || !slices.Equal(got, want) || slices.Contains(got, "*") {
		t.Fatalf("endpoint: version %q url %q, %d events (want %d)", eps[0].APIVersion, eps[0].URL, len(got), len(want))
	}

	r = run(t, env, "webhooks", "ensure", "--url", hook, "--secret-file", secretFile)
	if r.code != 0 || !strings.Contains(r.stdout, " unchanged: ") {
		t.Fatalf("second ensure: %s", r)
	}
	if again := endpoints(t, fake); len(again) != 1 || again[0].ID != eps[0].ID {
		t.Fatalf("second ensure changed the endpoints: %+v", again)
	}
	if b2, _ := os.ReadFile(secretFile); string(b2) != string(b) {
		t.Fatal("second ensure rewrote the secret file")
	}
	r = run(t, env, "webhooks", "retire", "--url", hook)
	if r.code != 0 || !strings.Contains(r.stdout, "nothing to retire") || len(endpoints(t, fake)) != 1 {
		t.Fatalf("retire: %s", r)
	}
}

// endpoints lists the fake's webhook endpoints.
func endpoints(t *testing.T, fake *stripetest.Server) []webhookadmin.Endpoint {
	t.Helper()
	req, _ := http.NewRequest("GET", fake.URL()+"/v1/webhook_endpoints?limit=100", nil)
	req.SetBasicAuth(testKey, "")
	req.Header.Set("Stripe-Version", generated.APIVersion)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var page struct {
		Data []webhookadmin.Endpoint `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil || resp.StatusCode != 200 {
		t.Fatalf("list endpoints: %d %v", resp.StatusCode, err)
	}
	return page.Data
}
