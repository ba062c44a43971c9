package sidecar_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/internal/pgtest"
	"github.com/stripesync/stripesync/runtime/sidecar"
	"github.com/stripesync/stripesync/runtime/stripeclient"
	"github.com/stripesync/stripesync/runtime/stripetest"
)

// noEngine applies nothing and has applied everything.
type noEngine struct{}

func (noEngine) Apply(context.Context, []byte) error           { return nil }
func (noEngine) WaitApplied(context.Context, time.Time) error  { return nil }
func (noEngine) Applied(context.Context, string) (bool, error) { return true, nil }

func TestSidecarServesAndSchedules(t *testing.T) {
	fake := stripetest.NewTestServer(t)
	key, _ := stripeclient.ParseKey("sk_test_sidecar0123456789")
	client, err := stripeclient.New(stripeclient.Config{Key: key, BaseURL: fake.URL(), APIVersion: generated.APIVersion,
		RateLimit: stripeclient.RateLimit{Off: true}, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	ready := make(chan string, 1)
	sc, err := sidecar.New(sidecar.Config{Addr: "127.0.0.1:0", Secrets: []string{"whsec_sidecar"}, Pool: pgtest.NewPool(t),
		Client: client, Apply: noEngine{}, Waiter: noEngine{}, Ready: func(a string) { ready <- a }})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- sc.Run(ctx) }()
	base := "http://" + <-ready
	for _, c := range []struct{ path, want string }{ // /wait calls Stripe before /metrics counts it
		{"/healthz", `"ok":true`},
		{"/wait", `"ok":true`},
		{"/metrics", `stripesync_stripe_requests_total{status="200"}`},
	} {
		path, want := c.path, c.want
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), want) {
			t.Errorf("%s: %d %s", path, resp.StatusCode, body)
		}
	}
	sc.Committed("customer.subscription.updated", []byte(`{"object":"subscription","id":"sub_1","customer":"cus_1"}`))
	if n := sc.Refresher.Stats().Pending; n != 2 {
		t.Errorf("%d subjects pending, want the subscription and its customer", n)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run: %v", err)
	}
}

func TestSidecarWithoutListen(t *testing.T) {
	fake := stripetest.NewTestServer(t)
	key, _ := stripeclient.ParseKey("sk_test_sidecar0123456789")
	client, _ := stripeclient.New(stripeclient.Config{Key: key, BaseURL: fake.URL(), APIVersion: generated.APIVersion})
	sc, err := sidecar.New(sidecar.Config{Pool: pgtest.NewPool(t), Client: client})
	if err != nil {
		t.Fatal(err)
	}
	if sc.Server != nil || sc.Refresher == nil {
		t.Errorf("without --listen: server %v, refresher %v", sc.Server, sc.Refresher)
	}
	sc.Committed("invoice.upcoming", []byte(`{"object":"invoice","customer":"cus_1"}`))
	if _, err := sidecar.New(sidecar.Config{}); err == nil {
		t.Error("a sidecar without a pool and client was built")
	}
}

// TestSidecarPassesToken: with a Token, /wait and /metrics want it and
// /healthz does not.
func TestSidecarPassesToken(t *testing.T) {
	fake := stripetest.NewTestServer(t)
	key, _ := stripeclient.ParseKey("sk_test_sidecar0123456789")
	client, _ := stripeclient.New(stripeclient.Config{Key: key, BaseURL: fake.URL(), APIVersion: generated.APIVersion})
	const token = "tok_sidecarTOKEN0123456789"
	sc, err := sidecar.New(sidecar.Config{Addr: "127.0.0.1:0", Token: token, Pool: pgtest.NewPool(t), Client: client,
		Waiter: noEngine{}, NoUpcoming: true})
	if err != nil {
		t.Fatal(err)
	}
	h := sc.Server.Handler()
	for _, c := range []struct {
		path, auth string
		want       int
	}{
		{"/healthz", "", 200},
		{"/wait", "", 401},
		{"/metrics", "Bearer wrong", 401},
		{"/wait", "Bearer " + token, 200},
		{"/metrics", "Bearer " + token, 200},
	} {
		req := httptest.NewRequest(http.MethodGet, c.path, nil)
		if c.auth != "" {
			req.Header.Set("Authorization", c.auth)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != c.want {
			t.Errorf("%s (auth %v): %d, want %d", c.path, c.auth != "", rec.Code, c.want)
		}
	}
	if _, err := sidecar.New(sidecar.Config{Addr: "127.0.0.1:0", Token: "bad token with spaces", Pool: pgtest.NewPool(t),
		Client: client, NoUpcoming: true}); err == nil || !strings.HasPrefix(err.Error(), "sidecar: ") {
		t.Errorf("a malformed token: %v, want a sidecar: error", err)
	}
}
