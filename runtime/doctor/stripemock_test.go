package doctor_test

import (
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stripesync/stripesync/runtime/doctor"
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

// TestListProbesAgainstStripeMock probes every list on stripe-mock, which
// validates each request (limit, the widening parameters such as
// status=all, the pinned Stripe-Version) against Stripe's own spec: every
// probe must pass, so none of them is malformed.
func TestListProbesAgainstStripeMock(t *testing.T) {
	key, c := client(t, startStripeMock(t), secretKey)
	r, out := run(t, doctor.Config{Key: key, Client: c})
	if r.Readable != r.Probed || r.Probed == 0 {
		t.Errorf("%d of %d lists readable on stripe-mock:\n%s", r.Readable, r.Probed, out)
	}
	for _, name := range []string{"api key", "events", "lists", "webhook endpoints"} {
		if c := row(t, r, name); c.Result != doctor.OK {
			t.Errorf("%s: %+v", name, c)
		}
	}
}
