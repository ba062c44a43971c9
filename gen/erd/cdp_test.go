package erd

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// A tiny Chrome DevTools Protocol client for tests. It talks to Chromium
// over --remote-debugging-pipe (fd 3 in, fd 4 out, messages ended by NUL),
// so no port is opened and nothing leaves the machine.

// chromiumFlags are the launch flags of every test browser.
var chromiumFlags = []string{
	"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync",
	"--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1280,900", "--remote-debugging-pipe",
}

// findChromium returns the browser binary: $CHROMIUM, chromium on PATH, or /usr/bin/chromium.
func findChromium() (string, error) {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p, nil
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p, nil
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", nil
	}
	return "", fmt.Errorf("chromium not found ($CHROMIUM, PATH, /usr/bin/chromium): apt-get install chromium")
}

// cdpMessage is any message on the pipe: a reply (ID set) or an event (Method set).
type cdpMessage struct {
	ID        int             `json:"id,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *struct {
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// browser is a running Chromium and its protocol connection.
type browser struct {
	cmd     *exec.Cmd
	in      *os.File // we write commands here
	stderr  bytes.Buffer
	mu      sync.Mutex
	nextID  int
	pending map[int]chan cdpMessage
	onEvent func(cdpMessage)
	done    chan struct{}
}

// startBrowser launches Chromium with a fresh profile; onEvent sees every event.
func startBrowser(t *testing.T, onEvent func(cdpMessage)) *browser {
	t.Helper()
	bin, err := findChromium()
	if err != nil {
		t.Fatal(err)
	}
	cmdR, cmdW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	b := &browser{in: cmdW, pending: map[int]chan cdpMessage{}, onEvent: onEvent, done: make(chan struct{})}
	args := append(append([]string{}, chromiumFlags...), "--user-data-dir="+t.TempDir(), "about:blank")
	b.cmd = exec.Command(bin, args...)
	b.cmd.ExtraFiles = []*os.File{cmdR, outW}
	b.cmd.Stderr = &b.stderr
	if err := b.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v (apt-get install chromium)", bin, err)
	}
	cmdR.Close()
	outW.Close()
	go b.read(outR)
	t.Cleanup(func() { b.close(t) })
	return b
}

// read delivers replies to their callers and events to onEvent until the pipe closes.
func (b *browser) read(out *os.File) {
	defer close(b.done)
	r := bufio.NewReader(out)
	for {
		raw, err := r.ReadBytes(0)
		if err != nil {
			return
		}
		var m cdpMessage
		if json.Unmarshal(raw[:len(raw)-1], &m) != nil {
			continue
		}
		if m.ID == 0 {
			b.onEvent(m)
			continue
		}
		b.mu.Lock()
		ch := b.pending[m.ID]
		delete(b.pending, m.ID)
		b.mu.Unlock()
		if ch != nil {
			ch <- m
		}
	}
}

// call sends one command (to a page session when session is set) and
// decodes its result into result, if not nil.
func (b *browser) call(ctx context.Context, session, method string, params, result any) error {
	b.mu.Lock()
	b.nextID++
	id := b.nextID
	ch := make(chan cdpMessage, 1)
	b.pending[id] = ch
	b.mu.Unlock()
	msg, err := json.Marshal(map[string]any{"id": id, "sessionId": session, "method": method, "params": params})
	if err != nil {
		return err
	}
	if _, err := b.in.Write(append(msg, 0)); err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	select {
	case m := <-ch:
		if m.Error != nil {
			return fmt.Errorf("%s: %s", method, m.Error.Message)
		}
		if result != nil {
			return json.Unmarshal(m.Result, result)
		}
		return nil
	case <-b.done:
		return fmt.Errorf("%s: browser exited: %s", method, lastLines(b.stderr.String(), 5))
	case <-ctx.Done():
		return fmt.Errorf("%s: %w", method, ctx.Err())
	}
}

// close asks the browser to quit, then kills it if it lingers.
func (b *browser) close(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = b.call(ctx, "", "Browser.close", map[string]any{}, nil)
	select {
	case <-b.done:
	case <-time.After(5 * time.Second):
		t.Logf("chromium did not quit; killing pid %d", b.cmd.Process.Pid)
		_ = b.cmd.Process.Kill()
	}
	_ = b.cmd.Wait()
	b.in.Close()
}

// newPage opens a blank tab and returns its flat session id.
func (b *browser) newPage(ctx context.Context) (string, error) {
	var target struct {
		TargetID string `json:"targetId"`
	}
	if err := b.call(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank"}, &target); err != nil {
		return "", err
	}
	var attached struct {
		SessionID string `json:"sessionId"`
	}
	err := b.call(ctx, "", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &attached)
	return attached.SessionID, err
}

// eval runs a JavaScript expression in the page and decodes its JSON value.
func (b *browser) eval(ctx context.Context, session, expr string, out any) error {
	var res struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text string `json:"text"`
		} `json:"exceptionDetails"`
	}
	params := map[string]any{"expression": expr, "returnByValue": true}
	if err := b.call(ctx, session, "Runtime.evaluate", params, &res); err != nil {
		return err
	}
	if res.ExceptionDetails != nil {
		return fmt.Errorf("evaluate %q: %s", expr, res.ExceptionDetails.Text)
	}
	if out == nil || len(res.Result.Value) == 0 {
		return nil
	}
	return json.Unmarshal(res.Result.Value, out)
}

// waitFor evaluates a boolean expression every 50ms until it is true.
func (b *browser) waitFor(ctx context.Context, session, expr string) error {
	for {
		var ok bool
		if err := b.eval(ctx, session, expr, &ok); err == nil && ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s: %w", expr, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}
