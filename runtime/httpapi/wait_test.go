package httpapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/stripesync/stripesync/runtime/httpapi"
	"github.com/stripesync/stripesync/runtime/stripetest"
)

// waitAnswer is /wait's JSON.
type waitAnswer struct {
	OK    bool   `json:"ok"`
	Event string `json:"event"`
	Error string `json:"error"`
}

// getWait calls /wait and decodes the answer.
func getWait(t *testing.T, base, timeout string) (int, waitAnswer) {
	t.Helper()
	resp, err := http.Get(base + "/wait?timeout=" + url.QueryEscape(timeout))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var a waitAnswer
	if err := json.Unmarshal(body, &a); err != nil || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("/wait answered %d %q, not JSON", resp.StatusCode, body)
	}
	return resp.StatusCode, a
}

// waitServer serves /wait for the fake's events and the applier's log.
func waitServer(t *testing.T, fakeURL string, a *applier) (*httpapi.Server, string) {
	t.Helper()
	s, err := httpapi.New(httpapi.Config{Events: newClient(t, fakeURL), Tracker: a, PollInterval: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return s, srv.URL
}

// TestWaitReadAfterWrite writes to the fake Stripe through its API, calls
// /wait, then reads the write back from the database.
func TestWaitReadAfterWrite(t *testing.T) {
	fake := stripetest.NewTestServer(t)
	a := newApplier(t, migratedPool(t))
	s, base := waitServer(t, fake.URL(), a)
	if status, ans := getWait(t, base, "5s"); status != 200 || !ans.OK {
		t.Fatalf("no events yet: %d %+v", status, ans)
	}
	client := newClient(t, fake.URL())
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	startFollower(ctx, t, client, a, 300*time.Millisecond, s.Notify)
	for i := range 3 {
		raw, err := client.Post(t.Context(), "/v1/customers", url.Values{"email": {"wait@example.com"}, "name": {"round " + string(rune('1'+i))}})
		if err != nil {
			t.Fatal(err)
		}
		var cus struct{ ID string }
		if err := json.Unmarshal(raw, &cus); err != nil {
			t.Fatal(err)
		}
		status, ans := getWait(t, base, "10s")
		if status != 200 || !ans.OK || ans.Event == "" {
			t.Fatalf("round %d: /wait %d %+v", i+1, status, ans)
		}
		var email string
		if err := a.pool.QueryRow(t.Context(), `SELECT email FROM stripe.customers WHERE id = $1`, cus.ID).Scan(&email); err != nil || email != "wait@example.com" {
			t.Fatalf("round %d: read after /wait: %q %v", i+1, email, err)
		}
	}
}

func TestWaitTimesOut(t *testing.T) {
	fake := stripetest.NewTestServer(t)
	a := newApplier(t, migratedPool(t))
	_, base := waitServer(t, fake.URL(), a)
	if _, err := fake.Create("customer", nil); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	status, ans := getWait(t, base, "300ms")
	if status != http.StatusGatewayTimeout || ans.OK || ans.Error == "" || ans.Event == "" {
		t.Errorf("no follower: %d %+v", status, ans)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("a 300ms timeout took %v", d)
	}
}

// stubEvents and stubTracker fail on demand.
type stubEvents struct{ err error }

func (s stubEvents) LatestEventID(context.Context) (string, error) { return "evt_1", s.err }

type stubTracker struct{ err error }

func (s stubTracker) Applied(context.Context, string) (bool, error) { return false, s.err }

func TestWaitErrors(t *testing.T) {
	cases := []struct {
		name    string
		events  stubEvents
		tracker stubTracker
		timeout string
		want    int
	}{
		{"stripe unreachable", stubEvents{errors.New("connection refused")}, stubTracker{}, "1s", 503},
		{"tracker fails", stubEvents{}, stubTracker{errors.New("database gone")}, "1s", 500},
		{"bad timeout", stubEvents{}, stubTracker{}, "soon", 400},
		{"timeout too long", stubEvents{}, stubTracker{}, "1h", 400},
	}
	for _, c := range cases {
		s, err := httpapi.New(httpapi.Config{Events: c.events, Tracker: c.tracker})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(s.Handler())
		status, ans := getWait(t, srv.URL, c.timeout)
		srv.Close()
		if status != c.want || ans.OK || ans.Error == "" {
			t.Errorf("%s: %d %+v, want %d", c.name, status, ans, c.want)
		}
	}
	if _, err := httpapi.New(httpapi.Config{Events: stubEvents{}}); err == nil {
		t.Error("Events without a Tracker was accepted")
	}
}

// recordingWaiter records the time it is asked for and answers with err,
// or blocks until ctx ends when block is set.
type recordingWaiter struct {
	asked chan time.Time
	err   error
	block bool
}

func (w *recordingWaiter) WaitApplied(ctx context.Context, t time.Time) error {
	w.asked <- t
	if w.block {
		<-ctx.Done()
		return ctx.Err()
	}
	return w.err
}

// TestWaitByTime answers /wait with a Waiter: it is asked for every event
// up to the end of the newest event's second.
func TestWaitByTime(t *testing.T) {
	fake := stripetest.NewTestServer(t)
	o, err := fake.Create("customer", nil)
	if err != nil {
		t.Fatal(err)
	}
	evs := fake.Events()
	newest := evs[len(evs)-1]
	cases := []struct {
		w    *recordingWaiter
		want int
	}{
		{&recordingWaiter{asked: make(chan time.Time, 1)}, 200},
		{&recordingWaiter{asked: make(chan time.Time, 1), block: true}, 504},
		{&recordingWaiter{asked: make(chan time.Time, 1), err: errors.New("follower stopped")}, 500},
	}
	for _, c := range cases {
		s, err := httpapi.New(httpapi.Config{Events: httpapi.StripeEvents{Client: newClient(t, fake.URL())}, Waiter: c.w})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(s.Handler())
		status, ans := getWait(t, srv.URL, "300ms")
		srv.Close()
		if status != c.want || ans.Event != newest.ID || ans.OK != (c.want == 200) {
			t.Errorf("waiter %+v: %d %+v, want %d", c.w, status, ans, c.want)
		}
		if at := <-c.w.asked; !at.Equal(time.Unix(newest.Created+1, 0)) {
			t.Errorf("asked to wait for %v, want the end of %s's second", at, o.ID)
		}
	}
	if _, err := httpapi.New(httpapi.Config{Events: stubEvents{}, Waiter: &recordingWaiter{}}); err == nil {
		t.Error("a Waiter with Events that cannot tell the time was accepted")
	}
}
