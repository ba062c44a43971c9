package stripeclient

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82"
)

// mockBin builds stripe-mock (pinned in tools.go) once per test binary.
var mockBin struct {
	once sync.Once
	dir  string
	path string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if mockBin.dir != "" {
		os.RemoveAll(mockBin.dir)
	}
	os.Exit(code)
}

func buildStripeMock(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("stripe-mock: skipped in -short mode")
	}
	mockBin.once.Do(func() {
		if mockBin.dir, mockBin.err = os.MkdirTemp("", "stripeclient-mock-"); mockBin.err != nil {
			return
		}
		mockBin.path = filepath.Join(mockBin.dir, "stripe-mock")
		out, err := exec.Command("go", "build", "-o", mockBin.path, "github.com/stripe/stripe-mock").CombinedOutput()
		if err != nil {
			mockBin.err = fmt.Errorf("build stripe-mock: %v\n%s", err, out)
		}
	})
	if mockBin.err != nil {
		t.Fatal(mockBin.err)
	}
	return mockBin.path
}

// startStripeMock runs stripe-mock on a free loopback port (HTTPS on
// another loopback port) until the test ends and returns its base URL.
func startStripeMock(t *testing.T, args ...string) string {
	t.Helper()
	bin := buildStripeMock(t)
	addr := freeAddr(t)
	cmd := exec.Command(bin, append([]string{"-http-addr", addr, "-https-addr", "127.0.0.1:0"}, args...)...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	base := "http://" + addr
	waitAnswering(t, base)
	return base
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// waitAnswering polls base until it answers HTTP at all.
func waitAnswering(t *testing.T, base string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(base + "/v1/customers")
		if err == nil {
			resp.Body.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("stripe-mock at %s did not answer", base)
}

// TestStripeMockPinnedVersion runs every kind of call against stripe-mock
// in -strict-version-check mode, which rejects any Stripe-Version but the
// spec's: stripe-go's own default would fail, so passing proves the pin.
func TestStripeMockPinnedVersion(t *testing.T) {
	base := startStripeMock(t, "-strict-version-check")
	if stripe.APIVersion == testVersion {
		t.Fatalf("stripe-go's default is the pinned version; this test proves nothing")
	}
	c, _ := newClient(t, base)
	ctx := t.Context()
	for _, path := range []string{"/v1/customers", "/v1/charges", "/v1/invoices", "/v1/subscriptions", "/v1/products", "/v1/events"} {
		n := 0
		for p, err := range c.Pages(ctx, path, nil) {
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			n += len(p.Data)
		}
		if n != 1 {
			t.Errorf("%s: %d items", path, n)
		}
	}
	if _, err := c.Get(ctx, "/v1/customers/cus_123", url.Values{"expand[]": {"sources"}}); err != nil {
		t.Error(err)
	}
	if _, err := c.Post(ctx, "/v1/customers", url.Values{"email": {"a@example.com"}}); err != nil {
		t.Error(err)
	}
	if _, err := c.Delete(ctx, "/v1/customers/cus_123", nil); err != nil {
		t.Error(err)
	}
	if id, err := c.LatestEventID(ctx); err != nil || id == "" {
		t.Errorf("latest event: %q %v", id, err)
	}
	if st := c.Stats(); st.Retries != 0 || st.Failed != 0 {
		t.Errorf("stats %+v", st)
	}
	other, _ := newClient(t, base, func(cfg *Config) { cfg.APIVersion = stripe.APIVersion })
	_, err := other.List(ctx, "/v1/customers", nil)
	var se *stripe.Error
	if !errors.As(err, &se) || se.HTTPStatusCode != 400 || other.Stats().Requests != 1 {
		t.Errorf("another version: %v", err)
	}
}

func TestStripeMockRejectsKey(t *testing.T) {
	base := startStripeMock(t)
	const fourParts = "sk_test_" + secretPart + "_x" // stripe-mock wants exactly three
	c, _ := newClient(t, base, func(cfg *Config) { cfg.Key = mustKey(t, fourParts) })
	_, err := c.List(t.Context(), "/v1/customers", nil)
	if !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("err %v", err)
	}
	assertChainClean(t, err)
}
