package cli

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the console's goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestConsoleDrawsBarAndLogsAboveIt(t *testing.T) {
	var out syncBuffer
	c := newConsole(&out, envOf(map[string]string{"COLUMNS": "80"}), 5*time.Millisecond)
	c.Report(Progress{Phase: "backfill", Tables: 4, TablesDone: 1, Objects: 10, Current: "customers"})
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(out.String(), "backfill [") && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if _, err := c.Write([]byte("level=INFO msg=hello\n")); err != nil {
		t.Fatal(err)
	}
	c.Close()
	c.Close() // a second Close does nothing
	got := out.String()
	for _, want := range []string{"\r\x1b[Kbackfill [#####", "1/4 tables", "\r\x1b[Klevel=INFO msg=hello\nbackfill ["} {
		if !strings.Contains(got, want) {
			t.Errorf("console output lacks %q:\n%q", want, got)
		}
	}
	if !strings.HasSuffix(got, "\n") {
		t.Errorf("Close does not end the bar's line: %q", got)
	}
}

func TestLogReporterThrottles(t *testing.T) {
	var out bytes.Buffer
	r := newLogReporter(newLogger(&out, &Config{LogFormat: "text"}), time.Hour)
	for i := range 100 {
		r.Report(Progress{Phase: "events", Objects: int64(i)})
	}
	if n := strings.Count(out.String(), "msg=progress"); n != 1 {
		t.Errorf("%d progress lines within one interval, want 1:\n%s", n, out.String())
	}
}
