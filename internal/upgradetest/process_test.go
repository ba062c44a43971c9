package upgradetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// testKey is the API key the syncers pass to the fakes.
const testKey = "sk_test_upgradetest0123456789"

// syncEnv is the environment of a stripesync writing db from the fake at
// base: PATH and HOME only besides, so a developer's own DATABASE_URL or
// STRIPE_API_KEY cannot leak in. Periodic re-lists are off: tables must be
// brought to the new version by the re-backfill, not by a re-list.
func syncEnv(db, base string) []string {
	return []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"),
		"DATABASE_URL=" + db, "STRIPE_API_KEY=" + testKey, "STRIPE_API_BASE=" + base,
		"STRIPESYNC_RATE_LIMIT=off", "STRIPESYNC_PROGRESS=off", "STRIPESYNC_RELIST_INTERVAL=0",
	}
}

// result is what a finished command left.
type result struct {
	code           int
	stdout, stderr string
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, tail(r.stdout, 30), tail(r.stderr, 30))
}

// run runs a stripesync binary and waits for it, at most 3 minutes.
func run(t *testing.T, bin string, env []string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	default:
		t.Fatalf("run %s %v: %v", bin, args, err)
	}
	return r
}

// wantOneLine checks that r failed with exit status 1 and exactly one
// stderr line containing every fragment.
func wantOneLine(t *testing.T, what string, r result, fragments ...string) {
	t.Helper()
	ls := lines(r.stderr)
	if r.code != 1 || len(ls) != 1 {
		t.Errorf("%s: want exit 1 and one line on stderr, got %s", what, r)
		return
	}
	for _, f := range fragments {
		if !strings.Contains(ls[0], f) {
			t.Errorf("%s: stderr line %q does not say %q", what, ls[0], f)
		}
	}
	t.Logf("%s refused: %s", what, ls[0])
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

// tail returns the last n lines of s.
func tail(s string, n int) string {
	ls := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(ls) > n {
		ls = ls[len(ls)-n:]
	}
	return strings.Join(ls, "\n")
}

// lockedBuffer is a bytes.Buffer safe for a writer and readers.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// process is a stripesync running in the background; the test kills it if
// it still runs when the test ends.
type process struct {
	cmd  *exec.Cmd
	out  *lockedBuffer
	done chan struct{}
	code int
}

func start(t *testing.T, bin string, env []string, args ...string) *process {
	t.Helper()
	p := &process{out: &lockedBuffer{}, done: make(chan struct{})}
	p.cmd = exec.Command(bin, args...)
	p.cmd.Env = env
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	go func() {
		err := p.cmd.Wait()
		var ee *exec.ExitError
		switch {
		case err == nil:
		case errors.As(err, &ee):
			p.code = ee.ExitCode()
		default:
			p.code = -2
		}
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			_ = p.cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

func (p *process) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// waitOutput waits until the output holds substr, failing the test at the
// deadline or when the process exits first.
func (p *process) waitOutput(t *testing.T, substr string, deadline time.Duration) {
	t.Helper()
	end := time.Now().Add(deadline)
	for !strings.Contains(p.out.String(), substr) {
		if p.exited() || time.Now().After(end) {
			t.Fatalf("no %q within %s (exited: %v, code %d); output:\n%s",
				substr, deadline, p.exited(), p.code, tail(p.out.String(), 40))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// terminate sends SIGTERM and returns the exit status.
func (p *process) terminate(t *testing.T, deadline time.Duration) int {
	t.Helper()
	if !p.exited() {
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
	}
	select {
	case <-p.done:
		return p.code
	case <-time.After(deadline):
		t.Fatalf("no exit within %s of SIGTERM; output:\n%s", deadline, tail(p.out.String(), 40))
		return 0
	}
}
