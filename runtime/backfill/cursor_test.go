package backfill_test

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"testing"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/runtime/backfill"
	"github.com/stripesync/stripesync/runtime/stripetest"
	"github.com/stripesync/stripesync/runtime/synctest"
)

// TestDeletedCursorResumesEarlier: real Stripe rejects a starting_after
// naming a deleted object (400 resource_missing); the walk resumes after a
// newer object of the previous page instead of failing.
func TestDeletedCursorResumesEarlier(t *testing.T) {
	t.Parallel()
	fake := synctest.NewFake(t)
	if err := fake.Seed(450, stripetest.SeedOptions{Plan: map[string]int{"customer": 1}}); err != nil {
		t.Fatal(err)
	}
	target, _ := url.Parse(fake.URL())
	proxy := httputil.NewSingleHostReverseProxy(target)
	var mu sync.Mutex
	rejected := map[string]bool{}
	rejects := 0
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		after := r.URL.Query().Get("starting_after")
		mu.Lock()
		reject := r.URL.Path == "/v1/customers" && after != "" && rejects < 3 && !rejected[after]
		if reject {
			rejected[after], rejects = true, rejects+1
		}
		mu.Unlock()
		if reject {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(400)
			_, _ = w.Write([]byte(`{"error":{"type":"invalid_request_error","code":"resource_missing","param":"starting_after","message":"No such customer: '` + after + `'"}}`))
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	defer front.Close()
	db := synctest.NewDB(t)
	b := newBackfiller(t, db, front.URL, fake.Clock(), func(c *backfill.Config) { c.Tables = []string{"customers"} })
	if err := b.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	if rejects != 3 {
		t.Fatalf("rejected %d cursors", rejects)
	}
	synctest.AssertMirrors(t, db, generated.Registry, fake.State())
}
