package upcoming_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/runtime/stripetest"
	"github.com/stripesync/stripesync/runtime/upcoming"
)

// preview is a stored preview row.
type preview struct {
	id, apiVersion string
	total          int64
	lines          int
}

// readPreview reads the row keyed id from a preview table; ok is false
// when there is none.
func (e *env) readPreview(t *testing.T, table, id string) (preview, bool) {
	t.Helper()
	key := "customer_id"
	if table == upcoming.SubscriptionTable {
		key = "subscription_id"
	}
	var p preview
	err := e.pool.QueryRow(t.Context(), `SELECT coalesce(id, ''), coalesce(_api_version, ''), total,
jsonb_array_length(_lines->'data') FROM `+pgx.Identifier{dataSchema, table}.Sanitize()+` WHERE `+key+` = $1`, id).
		Scan(&p.id, &p.apiVersion, &p.total, &p.lines)
	if errors.Is(err, pgx.ErrNoRows) {
		return p, false
	}
	if err != nil {
		t.Fatal(err)
	}
	return p, true
}

// subscribe creates a customer with an active subscription of n items of
// 2 × 1500 each.
func subscribe(t *testing.T, fake *stripetest.Server, n int) (cus, price, sub string) {
	t.Helper()
	c := mustCreate(t, fake, "customer", nil)
	p := mustCreate(t, fake, "price", map[string]any{"unit_amount": 1500, "currency": "usd"})
	s := mustCreate(t, fake, "subscription", map[string]any{"customer": c, "status": "active"})
	for range n {
		mustCreate(t, fake, "subscription_item", map[string]any{"price": p, "quantity": 2}, stripetest.Parent(s), stripetest.NoEvent())
	}
	return c, p, s
}

func mustCreate(t *testing.T, fake *stripetest.Server, resource string, fields map[string]any, opts ...stripetest.Option) string {
	t.Helper()
	o, err := fake.Create(resource, fields, opts...)
	if err != nil {
		t.Fatalf("create %s: %v", resource, err)
	}
	return o.ID
}

// requests counts the fake's requests by method and path.
func requests(fake *stripetest.Server, method, path string) int {
	n := 0
	for _, r := range fake.Requests() {
		if r.Method == method && r.Path == path {
			n++
		}
	}
	return n
}

func TestSubscriptionChangeRefreshesCreatePreview(t *testing.T) {
	fake := stripetest.NewTestServer(t)
	e := newEnv(t, fake, nil)
	if e.r.Endpoint() != upcoming.EndpointCreatePreview {
		t.Fatalf("basil refresher uses %q", e.r.Endpoint())
	}
	cus, price, sub := subscribe(t, fake, 12)
	e.follow(t)
	got, ok := e.readPreview(t, upcoming.SubscriptionTable, sub)
	if !ok || got.total != 12*3000 || got.lines != 12 || got.id != "upcoming_in_"+sub || got.apiVersion != generated.APIVersion {
		t.Fatalf("subscription preview after create: %+v (present %v)", got, ok)
	}
	if _, ok := e.readPreview(t, upcoming.CustomerTable, cus); ok {
		t.Error("a customer with nothing pending has a preview row")
	}
	mustCreate(t, fake, "subscription_item", map[string]any{"price": price, "quantity": 2}, stripetest.Parent(sub), stripetest.NoEvent())
	if _, err := fake.Update(sub, map[string]any{"metadata": map[string]string{"plan": "bigger"}}); err != nil {
		t.Fatal(err)
	}
	e.follow(t)
	if got, _ := e.readPreview(t, upcoming.SubscriptionTable, sub); got.total != 13*3000 || got.lines != 13 {
		t.Errorf("subscription preview after the change: %+v", got)
	}
	if requests(fake, http.MethodGet, "/v1/invoices/upcoming") != 0 || requests(fake, http.MethodPost, "/v1/invoices/create_preview") == 0 ||
		requests(fake, http.MethodGet, "/v1/invoices/upcoming_in_"+sub+"/lines") == 0 {
		t.Errorf("endpoints used: %v", fake.RequestCounts())
	}
	mustCreate(t, fake, "invoiceitem", map[string]any{"customer": cus, "invoice": nil, "amount": 700, "currency": "usd"})
	e.follow(t)
	if got, ok := e.readPreview(t, upcoming.CustomerTable, cus); !ok || got.total != 700 || got.lines != 1 {
		t.Errorf("customer preview with a pending item: %+v (present %v)", got, ok)
	}
	if err := fake.Delete(sub); err != nil {
		t.Fatal(err)
	}
	e.follow(t)
	if _, ok := e.readPreview(t, upcoming.SubscriptionTable, sub); ok {
		t.Error("a canceled subscription keeps its preview row")
	}
	var invoices int
	if err := e.pool.QueryRow(t.Context(), `SELECT count(*) FROM stripe.invoices`).Scan(&invoices); err != nil || invoices != 0 {
		t.Errorf("previews reached the invoices table: %d rows (%v)", invoices, err)
	}
	if st := e.r.Stats(); st.Refreshed == 0 || st.Deleted == 0 || st.Pending != 0 {
		t.Errorf("stats %+v", st)
	}
}

// TestAcaciaUsesUpcomingEndpoint runs the refresher in the mode of an
// acacia build against a fake serving the acacia spec.
func TestAcaciaUsesUpcomingEndpoint(t *testing.T) {
	fake := acaciaFake(t)
	e := newEnv(t, fake, func(c *upcoming.Config) { c.Endpoint = upcoming.EndpointFor("2024-09-30.acacia") })
	if e.r.Endpoint() != upcoming.EndpointUpcoming {
		t.Fatalf("acacia refresher uses %q", e.r.Endpoint())
	}
	cus, _, sub := subscribe(t, fake, 12)
	e.follow(t)
	got, ok := e.readPreview(t, upcoming.SubscriptionTable, sub)
	if !ok || got.total != 12*3000 || got.lines != 12 || got.id != "" {
		t.Fatalf("subscription preview: %+v (present %v)", got, ok)
	}
	if got, ok := e.readPreview(t, upcoming.CustomerTable, cus); !ok || got.total != 12*3000 {
		t.Errorf("customer preview (across subscriptions on acacia): %+v (present %v)", got, ok)
	}
	if requests(fake, http.MethodGet, "/v1/invoices/upcoming") == 0 || requests(fake, http.MethodGet, "/v1/invoices/upcoming/lines") == 0 ||
		requests(fake, http.MethodPost, "/v1/invoices/create_preview") != 0 {
		t.Errorf("endpoints used: %v", fake.RequestCounts())
	}
}

func TestEndpointFor(t *testing.T) {
	for v, want := range map[string]string{
		"2024-06-20":         upcoming.EndpointUpcoming,
		"2024-09-30.acacia":  upcoming.EndpointUpcoming,
		"2025-02-24.acacia":  upcoming.EndpointUpcoming,
		"2025-03-31.basil":   upcoming.EndpointCreatePreview,
		"2026-05-27.dahlia":  upcoming.EndpointCreatePreview,
		generated.APIVersion: upcoming.EndpointCreatePreview,
	} {
		if got := upcoming.EndpointFor(v); got != want {
			t.Errorf("EndpointFor(%q) = %q, want %q", v, got, want)
		}
	}
}

// TestStartRefreshesWhenDue runs the service loop: an observed event is
// refreshed once its debounce passes, without a Flush.
func TestStartRefreshesWhenDue(t *testing.T) {
	fake := stripetest.NewTestServer(t)
	e := newEnv(t, fake, func(c *upcoming.Config) { c.Debounce = 20 * time.Millisecond })
	_, _, sub := subscribe(t, fake, 1)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- e.r.Start(ctx) }()
	for _, ev := range fake.Events() {
		if err := e.r.ObserveEvent(ev.JSON); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if got, ok := e.readPreview(t, upcoming.SubscriptionTable, sub); ok {
			if got.total != 3000 {
				t.Errorf("preview %+v", got)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the preview was not refreshed by Start")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Start returned %v", err)
	}
}

// TestFailuresAreBounded: a failing subject is retried MaxAttempts times
// in all, then dropped until its next event; a key that may not preview
// invoices turns the refresher off instead of failing every refresh.
func TestFailuresAreBounded(t *testing.T) {
	fake := stripetest.NewTestServer(t)
	e := newEnv(t, fake, func(c *upcoming.Config) { c.RetryDelay = time.Millisecond; c.MaxAttempts = 2 })
	_, _, sub := subscribe(t, fake, 1)
	fake.SetFaults(stripetest.Fault{Path: "/v1/invoices/create_preview", ErrorRate: 1})
	s := upcoming.Subject{Kind: upcoming.Subscription, ID: sub}
	e.r.Schedule(s)
	for attempt := 1; attempt <= 2; attempt++ {
		time.Sleep(5 * time.Millisecond)
		if err := e.r.Flush(t.Context()); err == nil {
			t.Fatalf("attempt %d succeeded through a 500", attempt)
		}
	}
	if st := e.r.Stats(); st.Pending != 0 || st.Failed != 2 {
		t.Errorf("after MaxAttempts failures: %+v", st)
	}
	fake.SetFaults()
	fake.RestrictKey(testKey, "invoice")
	e.r.Schedule(s)
	if err := e.r.Flush(t.Context()); err == nil {
		t.Fatal("a refresh without invoice permission succeeded")
	}
	e.r.Schedule(upcoming.Subject{Kind: upcoming.Customer, ID: "cus_1"})
	if st := e.r.Stats(); !st.Disabled || st.Pending != 0 {
		t.Errorf("after a 403: %+v", st)
	}
}
