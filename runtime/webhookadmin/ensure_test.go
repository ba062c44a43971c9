package webhookadmin_test

import (
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/runtime/stripeclient"
	"github.com/stripesync/stripesync/runtime/stripetest"
	"github.com/stripesync/stripesync/runtime/webhookadmin"
)

const (
	testKey = "sk_test_webhookadmin0123456789"
	hookURL = "https://sync.example.com/webhooks"
)

// newClient returns a client for base, pinned to the generated version.
func newClient(t testing.TB, base string) *stripeclient.Client {
	t.Helper()
	key, err := stripeclient.ParseKey(testKey)
	if err != nil {
		t.Fatal(err)
	}
	c, err := stripeclient.New(stripeclient.Config{Key: key, BaseURL: base, APIVersion: generated.APIVersion,
		RateLimit: stripeclient.RateLimit{Off: true}, Logger: slog.New(slog.DiscardHandler),
		Retry: stripeclient.Retry{MaxAttempts: 3, BaseDelay: 10 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// endpointCount counts the webhook endpoints the fake lists.
func endpointCount(t testing.TB, c *stripeclient.Client) int {
	t.Helper()
	p, err := c.List(t.Context(), "/v1/webhook_endpoints", nil)
	if err != nil {
		t.Fatal(err)
	}
	return len(p.Data)
}

// writes counts the POST and DELETE requests the fake received.
func writes(s *stripetest.Server) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Method != http.MethodGet {
			n++
		}
	}
	return n
}

func TestEnsureCreatesPinnedEndpointOnce(t *testing.T) {
	fake := stripetest.NewTestServer(t)
	c := newClient(t, fake.URL())
	res, err := webhookadmin.Ensure(t.Context(), webhookadmin.Config{Client: c, URL: hookURL})
	if err != nil {
		t.Fatal(err)
	}
	want := webhookadmin.EventTypes(generated.Registry)
	e := res.Endpoint
	if res.Action != webhookadmin.Created || e.ID == "" || e.APIVersion != generated.APIVersion || e.URL != hookURL {
		t.Fatalf("first run: %+v", res)
	}
	if !slices.Equal(e.Events, want) || slices.Contains(e.Events, "*") {
		t.Errorf("enabled events: %d, want exactly the %d table event types", len(e.Events), len(want))
	}
	secret := res.Secret.Reveal()
	if !strings.HasPrefix(secret, "whsec_") || strings.Contains(fmt.Sprintf("%v %+v %s", res, res, res.Secret), secret) {
		t.Errorf("the secret is missing or prints")
	}
	before := writes(fake)
	again, err := webhookadmin.Ensure(t.Context(), webhookadmin.Config{Client: c, URL: hookURL})
	if err != nil {
		t.Fatal(err)
	}
	if again.Action != webhookadmin.Unchanged || again.Endpoint.ID != e.ID || len(again.Retire) != 0 || !again.Secret.IsZero() {
		t.Errorf("second run: %+v", again)
	}
	if n := writes(fake) - before; n != 0 {
		t.Errorf("second run sent %d writes, want none", n)
	}
	if n := endpointCount(t, c); n != 1 {
		t.Errorf("%d endpoints, want 1", n)
	}
}

func TestEnsureRepairsDrift(t *testing.T) {
	fake := stripetest.NewTestServer(t)
	c := newClient(t, fake.URL())
	res, err := webhookadmin.Ensure(t.Context(), webhookadmin.Config{Client: c, URL: hookURL})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fake.Update(res.Endpoint.ID, map[string]any{"enabled_events": []string{"customer.created"}, "status": "disabled"}); err != nil {
		t.Fatal(err)
	}
	fixed, err := webhookadmin.Ensure(t.Context(), webhookadmin.Config{Client: c, URL: hookURL})
	if err != nil {
		t.Fatal(err)
	}
	if fixed.Action != webhookadmin.Updated || strings.Join(fixed.Changes, ",") != "enabled_events,status" ||
		fixed.Endpoint.Status != "enabled" || !slices.Equal(fixed.Endpoint.Events, webhookadmin.EventTypes(generated.Registry)) {
		t.Errorf("repair: %+v", fixed)
	}
}

func TestUpgradeCreatesFirstRetiresAfterCutover(t *testing.T) {
	fake := stripetest.NewTestServer(t)
	c := newClient(t, fake.URL())
	old, err := webhookadmin.Ensure(t.Context(), webhookadmin.Config{Client: c, URL: hookURL, APIVersion: "2024-09-30.acacia",
		Events: []string{"customer.updated"}})
	if err != nil {
		t.Fatal(err)
	}
	other, err := webhookadmin.Ensure(t.Context(), webhookadmin.Config{Client: c, URL: "https://other.example.com/hook"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := webhookadmin.RetireOld(t.Context(), webhookadmin.Config{Client: c, URL: hookURL}); err == nil {
		t.Fatal("RetireOld before the new endpoint exists should refuse")
	}
	step1, err := webhookadmin.Ensure(t.Context(), webhookadmin.Config{Client: c, URL: hookURL})
	if err != nil {
		t.Fatal(err)
	}
	if step1.Action != webhookadmin.Created || len(step1.Retire) != 1 || step1.Retire[0].ID != old.Endpoint.ID {
		t.Fatalf("step 1: %+v", step1)
	}
	if _, ok := fake.Get(old.Endpoint.ID); !ok {
		t.Fatal("step 1 removed the old endpoint before the cutover")
	}
	retired, err := webhookadmin.RetireOld(t.Context(), webhookadmin.Config{Client: c, URL: hookURL})
	if err != nil || len(retired) != 1 || retired[0].ID != old.Endpoint.ID {
		t.Fatalf("step 2: %v %v", retired, err)
	}
	for id, live := range map[string]bool{old.Endpoint.ID: false, step1.Endpoint.ID: true, other.Endpoint.ID: true} {
		if _, ok := fake.Get(id); ok != live {
			t.Errorf("endpoint %s live=%v, want %v", id, ok, live)
		}
	}
}

func TestEnsureRefusesWildcardAndBadURL(t *testing.T) {
	c := newClient(t, "http://127.0.0.1:1")
	for _, cfg := range []webhookadmin.Config{
		{Client: c, URL: hookURL, Events: []string{"*"}},
		{Client: c, URL: hookURL, Events: []string{}},
		{Client: c, URL: "sync.example.com/webhooks"},
	} {
		if _, err := webhookadmin.Ensure(t.Context(), cfg); err == nil {
			t.Errorf("Ensure(%+v) succeeded", cfg)
		}
	}
}

func TestEventTypesCoverUpcomingTriggers(t *testing.T) {
	events := webhookadmin.EventTypes(generated.Registry)
	for _, e := range []string{"customer.subscription.updated", "invoice.upcoming", "invoiceitem.created", "customer.updated"} {
		if _, ok := slices.BinarySearch(events, e); !ok {
			t.Errorf("event list lacks %s", e)
		}
	}
}
