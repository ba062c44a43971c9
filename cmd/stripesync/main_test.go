package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// testKey is the API key every test passes. No output of any command may
// contain it (see checkOutputs). It has three "_"-separated parts, as
// stripe-mock wants, and stripetest accepts any sk_test_ key.
const testKey = "sk_test_SECRETdoNotPrint4f9c2a7e1b"

// testHTTPToken is the bearer token for /wait and /metrics the token tests
// pass; like the key, no output of any command may contain it.
const testHTTPToken = "httpTOKENdoNotPrint7d3e9b1c5a"

// binary is the stripesync command built once by TestMain.
var binary string

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "stripesync-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "stripesync")
	build := exec.Command("go", "build", "-o", binary, ".")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build stripesync: %v\n%s", err, out)
		return 1
	}
	code := m.Run()
	if err := checkOutputs(); err != nil {
		fmt.Fprintln(os.Stderr, "FAIL:", err)
		return 1
	}
	return code
}

// outputs collects everything every command printed in every test, so
// checkOutputs can search it for the key once all tests have run.
var outputs struct {
	sync.Mutex
	all []capture
}

// capture is one command's output.
type capture struct {
	what string
	data []byte
}

// record keeps a command's output for checkOutputs.
func record(what string, data []byte) {
	outputs.Lock()
	defer outputs.Unlock()
	outputs.all = append(outputs.all, capture{what, bytes.Clone(data)})
}

// checkOutputs fails when the key or the HTTP token appears in any
// recorded output. It also fails when the last-resort redactor had to act
// ("[redacted]"), which means something printed a secret in a form its
// type should have hidden.
func checkOutputs() error {
	outputs.Lock()
	defer outputs.Unlock()
	if len(outputs.all) == 0 {
		return nil
	}
	for _, c := range outputs.all {
		needles := map[string]string{
			"the key":                   testKey,
			"the key's secret part":     strings.TrimPrefix(testKey, "sk_test_"),
			"the HTTP token":            testHTTPToken,
			"the redactor's [redacted]": "[redacted]",
		}
		for name, needle := range needles {
			if i := bytes.Index(c.data, []byte(needle)); i >= 0 {
				return fmt.Errorf("output of %s holds %s: ...%s...", c.what, name, excerpt(c.data, i))
			}
		}
	}
	return nil
}

// excerpt returns the text around i with the key and the token masked,
// for a failure message that does not itself print them.
func excerpt(b []byte, i int) string {
	lo, hi := max(0, i-60), min(len(b), i+60)
	s := strings.ReplaceAll(string(b[lo:hi]), testKey, "<KEY>")
	s = strings.ReplaceAll(s, testHTTPToken, "<TOKEN>")
	return strings.ReplaceAll(s, strings.TrimPrefix(testKey, "sk_test_"), "<SECRET>")
}

// result is what a finished command left.
type result struct {
	code           int
	stdout, stderr string
}

// String summarises r for failure messages.
func (r result) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
}

// lines returns the non-empty lines of s.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

// run runs stripesync with args and the given environment (on top of a
// minimal one: PATH and HOME only, so the developer's own DATABASE_URL or
// STRIPE_API_KEY cannot leak in) and waits for it, at most 2 minutes.
func run(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = environ(env)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	what := t.Name() + ": stripesync " + strings.Join(args, " ")
	record(what+" (stdout)", stdout.Bytes())
	record(what+" (stderr)", stderr.Bytes())
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	default:
		t.Fatalf("run stripesync %v: %v", args, err)
	}
	return r
}

// environ builds a child environment from env plus PATH and HOME.
func environ(env map[string]string) []string {
	out := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	return out
}

// wantOneLine checks that r failed with the exit status and exactly one
// stderr line containing every fragment.
func wantOneLine(t *testing.T, r result, code int, fragments ...string) {
	t.Helper()
	ls := lines(r.stderr)
	if r.code != code || len(ls) != 1 {
		t.Fatalf("want exit %d and one line on stderr, got %s", code, r)
	}
	for _, f := range fragments {
		if !strings.Contains(ls[0], f) {
			t.Errorf("stderr line %q does not say %q", ls[0], f)
		}
	}
}
