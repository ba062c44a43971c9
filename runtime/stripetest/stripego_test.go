package stripetest

import (
	"context"
	"errors"
	"testing"
	"time"

	stripe "github.com/stripe/stripe-go/v82"
)

// stripeClient points stripe-go v82 at the fake, without retries or logs.
func stripeClient(s *Server, key string) *stripe.Client {
	backend := stripe.GetBackendWithConfig(stripe.APIBackend, &stripe.BackendConfig{
		URL:               stripe.String(s.URL()),
		LeveledLogger:     &stripe.LeveledLogger{Level: stripe.LevelNull},
		MaxNetworkRetries: stripe.Int64(0),
	})
	return stripe.NewClient(key, stripe.WithBackends(&stripe.Backends{API: backend, Connect: backend, Uploads: backend, MeterEvents: backend}))
}

func TestStripeGoIteratesAndDecodes(t *testing.T) {
	s := NewTestServer(t)
	if err := s.Seed(1500); err != nil {
		t.Fatal(err)
	}
	sc := stripeClient(s, testKey)
	ctx := context.Background()
	n := 0
	for c, err := range sc.V1Customers.List(ctx, &stripe.CustomerListParams{ListParams: stripe.ListParams{Limit: stripe.Int64(100)}}) {
		if err != nil {
			t.Fatal(err)
		}
		if c.ID == "" || c.Created == 0 {
			t.Fatalf("decoded customer %+v", c)
		}
		n++
	}
	if want := s.State().Count("customer"); n != want {
		t.Errorf("stripe-go iterated %d customers, want %d", n, want)
	}
	subs := 0
	for sub, err := range sc.V1Subscriptions.List(ctx, &stripe.SubscriptionListParams{Status: stripe.String("all")}) {
		if err != nil {
			t.Fatal(err)
		}
		if sub.Items == nil || sub.Customer == nil || sub.Customer.ID == "" {
			t.Fatalf("subscription %s decoded without items or customer", sub.ID)
		}
		subs++
	}
	if want := s.State().Count("subscription"); subs != want {
		t.Errorf("stripe-go iterated %d subscriptions, want %d", subs, want)
	}
	for _, v := range s.StripeVersions() {
		if v == "" {
			t.Errorf("stripe-go request without Stripe-Version")
		}
	}
}

func TestStripeGoForwardEventWalk(t *testing.T) {
	s := NewTestServer(t)
	sc := stripeClient(s, testKey)
	ctx := context.Background()
	mustCreate(t, s, "customer", nil)
	first, err := sc.V1Events.Retrieve(ctx, s.Events()[0].ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	for range 25 {
		advance(s, time.Second)
		mustCreate(t, s, "product", nil)
	}
	var seen []string
	params := &stripe.EventListParams{ListParams: stripe.ListParams{EndingBefore: stripe.String(first.ID)}}
	for e, err := range sc.V1Events.List(ctx, params) {
		if err != nil {
			t.Fatal(err)
		}
		seen = append(seen, e.ID)
	}
	if len(seen) != 25 {
		t.Fatalf("forward walk saw %d events, want 25", len(seen))
	}
}

func TestStripeGoSeesErrors(t *testing.T) {
	s := NewTestServer(t)
	s.RestrictKey("rk_test_limited", "customer")
	_, err := stripeClient(s, "rk_test_limited").V1Customers.Retrieve(context.Background(), "cus_x", nil)
	var se *stripe.Error
	if !errors.As(err, &se) || se.HTTPStatusCode != 403 {
		t.Errorf("restricted: %v", err)
	}
	_, err = stripeClient(s, testKey).V1Customers.Retrieve(context.Background(), "cus_x", nil)
	if !errors.As(err, &se) || se.HTTPStatusCode != 404 || se.Code != stripe.ErrorCodeResourceMissing {
		t.Errorf("missing: %v", err)
	}
	s.SetFaults(Fault{ThrottleRate: 1})
	_, err = stripeClient(s, testKey).V1Customers.Retrieve(context.Background(), "cus_x", nil)
	if !errors.As(err, &se) || se.HTTPStatusCode != 429 {
		t.Errorf("throttled: %v", err)
	}
}
