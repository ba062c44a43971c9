package upcoming_test

import (
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/internal/pgtest"
	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/runtime/upcoming"
)

// startStripeMock builds stripe-mock (pinned in tools.go) and runs it on a
// free loopback port, rejecting any Stripe-Version but the pinned one,
// until the test ends; it returns the base URL.
func startStripeMock(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("stripe-mock: skipped in -short mode")
	}
	bin := filepath.Join(t.TempDir(), "stripe-mock")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/stripe/stripe-mock").CombinedOutput(); err != nil {
		t.Fatalf("build stripe-mock: %v\n%s", err, out)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "-http-addr", addr, "-https-addr", "127.0.0.1:0", "-strict-version-check")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	base := "http://" + addr
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get(base + "/v1/customers"); err == nil {
			resp.Body.Close()
			return base
		}
	}
	t.Fatalf("stripe-mock at %s did not answer", base)
	return ""
}

// TestCreatePreviewAgainstStripeMock sends the preview request to
// stripe-mock, which validates it against Stripe's spec, and stores the
// invoice Stripe's own fixtures answer with.
func TestCreatePreviewAgainstStripeMock(t *testing.T) {
	base := startStripeMock(t)
	pool := pgtest.NewPool(t)
	migrate(t, pool)
	store, err := syncdb.NewStore(dataSchema, stateSchema)
	if err != nil {
		t.Fatal(err)
	}
	r, err := upcoming.New(upcoming.Config{Client: newClient(t, base), DB: pool, Store: store, Registry: generated.Registry})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []upcoming.Subject{{Kind: upcoming.Subscription, ID: "sub_mock"}, {Kind: upcoming.Customer, ID: "cus_mock"}} {
		if err := r.Refresh(t.Context(), s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	var n int
	if err := pool.QueryRow(t.Context(), `SELECT count(*) FROM stripe.upcoming_subscription_invoices WHERE subscription_id = 'sub_mock'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("subscription preview rows: %d %v", n, err)
	}
}
