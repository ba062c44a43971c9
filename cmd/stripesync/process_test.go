package main

import (
	"bytes"
	"errors"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// syncer is a stripesync process running in the background.
type syncer struct {
	t    *testing.T
	name string
	cmd  *exec.Cmd
	out  *lockedBuffer
	done chan struct{}
	code int
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

// startSyncer starts stripesync with args; its stdout and stderr go to one
// buffer, recorded for checkOutputs when it exits. The test kills it if it
// is still running when the test ends.
func startSyncer(t *testing.T, name string, env map[string]string, args ...string) *syncer {
	t.Helper()
	s := &syncer{t: t, name: name, out: &lockedBuffer{}, done: make(chan struct{})}
	s.cmd = exec.Command(binary, args...)
	s.cmd.Env = environ(env)
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start stripesync: %v", err)
	}
	go s.wait()
	t.Cleanup(func() { s.kill() })
	return s
}

func (s *syncer) wait() {
	err := s.cmd.Wait()
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		s.code = ee.ExitCode() // -1 when killed by a signal
	default:
		s.code = -2
	}
	record(s.t.Name()+": "+s.name, []byte(s.out.String()))
	close(s.done)
}

// exited reports whether the process has ended.
func (s *syncer) exited() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// kill sends SIGKILL and waits for the process to end.
func (s *syncer) kill() {
	if !s.exited() {
		_ = s.cmd.Process.Signal(syscall.SIGKILL)
	}
	<-s.done
}

// terminate sends SIGTERM and returns the exit status, failing the test
// when the process does not end within the deadline.
func (s *syncer) terminate(deadline time.Duration) int {
	s.t.Helper()
	if !s.exited() {
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
	}
	return s.waitExit(deadline)
}

// waitExit waits for the process to end and returns its exit status,
// failing the test when it does not end within the deadline.
func (s *syncer) waitExit(deadline time.Duration) int {
	s.t.Helper()
	select {
	case <-s.done:
		return s.code
	case <-time.After(deadline):
		s.kill()
		s.t.Fatalf("%s did not exit within %s; output:\n%s", s.name, deadline, tail(s.out.String(), 40))
		return 0
	}
}

// waitOutput waits until the output holds substr, failing the test at the
// deadline or when the process exits first.
func (s *syncer) waitOutput(substr string, deadline time.Duration) {
	s.t.Helper()
	if !waitFor(deadline, func() bool { return strings.Contains(s.out.String(), substr) || s.exited() }) ||
		!strings.Contains(s.out.String(), substr) {
		s.t.Fatalf("%s: no %q within %s (exited: %v, code %d); output:\n%s",
			s.name, substr, deadline, s.exited(), s.code, tail(s.out.String(), 40))
	}
}

// waitFor polls cond every 50ms until it holds or the deadline passes.
func waitFor(deadline time.Duration, cond func() bool) bool {
	end := time.Now().Add(deadline)
	for {
		if cond() {
			return true
		}
		if time.Now().After(end) {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	ls := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(ls) > n {
		ls = ls[len(ls)-n:]
	}
	return strings.Join(ls, "\n")
}
