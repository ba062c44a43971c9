package webhookadmin_test

import (
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/runtime/webhookadmin"
)

// startStripeMock builds stripe-mock (pinned in tools.go) and runs it on a
// free loopback port until the test ends; it returns the base URL.
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

// TestEnsureAgainstStripeMock sends the create request to stripe-mock in
// strict-version mode, which validates every parameter against Stripe's own
// spec (enabled_events against the event enum, api_version's form) and the
// Stripe-Version header against the pin.
func TestEnsureAgainstStripeMock(t *testing.T) {
	c := newClient(t, startStripeMock(t))
	res, err := webhookadmin.Ensure(t.Context(), webhookadmin.Config{Client: c, URL: hookURL})
	if err != nil {
		t.Fatal(err)
	}
	if res.Action != webhookadmin.Created || res.Endpoint.ID == "" {
		t.Fatalf("result %+v", res)
	}
	t.Logf("stripe-mock accepted a create with %d enabled events", len(webhookadmin.EventTypes(generated.Registry)))
}
