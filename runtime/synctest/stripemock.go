package synctest

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// mockBin is stripe-mock built once per test binary.
var mockBin struct {
	once sync.Once
	path string
	err  error
}

// StripeMockBinary builds stripe-mock (pinned in tools.go) once per test
// binary into a temporary directory and returns its path. It skips the test
// in -short mode.
func StripeMockBinary(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("synctest: stripe-mock skipped in -short mode")
	}
	mockBin.once.Do(func() {
		dir, err := os.MkdirTemp("", "synctest-stripe-mock-")
		if err != nil {
			mockBin.err = err
			return
		}
		mockBin.path = filepath.Join(dir, "stripe-mock")
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

// StartStripeMock runs stripe-mock on a free loopback port (its HTTPS
// listener on another) until the test ends and returns its base URL.
func StartStripeMock(t testing.TB, args ...string) string {
	t.Helper()
	bin := StripeMockBinary(t)
	addr := freeAddr(t)
	cmd := exec.Command(bin, append([]string{"-http-addr", addr, "-https-addr", "127.0.0.1:0"}, args...)...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	base := "http://" + addr
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(base + "/v1/customers"); err == nil {
			resp.Body.Close()
			return base
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("synctest: stripe-mock at %s did not answer", base)
	return ""
}

func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
