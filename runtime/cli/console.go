package cli

import (
	"io"
	"log/slog"
	"os"
	"strconv"
	"sync"
	"time"
)

// reporter shows the engine's progress. Report is cheap and safe to call
// from any goroutine; Close shows the final state and stops.
type reporter interface {
	Report(Progress)
	Close()
}

// isTerminal reports whether f is a character device such as a terminal,
// unless TERM says it cannot draw ("dumb").
func isTerminal(f *os.File, getenv func(string) string) bool {
	if getenv("TERM") == "dumb" {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// console owns a terminal's stderr: it redraws a progress bar in place
// and prints log lines above it. It is also the io.Writer logs go to.
type console struct {
	mu      sync.Mutex
	w       io.Writer
	width   int
	p       Progress
	has     bool
	m       meter
	elapsed func() time.Duration
	bar     string
	stop    chan struct{}
	done    chan struct{}
	once    sync.Once
}

// newConsole starts redrawing every interval.
func newConsole(w io.Writer, getenv func(string) string, interval time.Duration) *console {
	width, err := strconv.Atoi(getenv("COLUMNS"))
	if err != nil || width <= 0 {
		width = 100
	}
	start := time.Now()
	c := &console{w: w, width: width - 1, stop: make(chan struct{}), done: make(chan struct{}),
		elapsed: func() time.Duration { return time.Since(start) }}
	go c.loop(interval)
	return c
}

func (c *console) loop(interval time.Duration) {
	defer close(c.done)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
			c.redraw()
		}
	}
}

// Report records the newest progress; the next tick draws it.
func (c *console) Report(p Progress) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p.Phase != c.p.Phase {
		c.m = meter{}
	}
	c.p, c.has = p, true
}

// redraw draws the bar over the previous one.
func (c *console) redraw() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.has {
		return
	}
	rate := c.m.observe(time.Now(), c.p.Objects)
	c.bar = renderBar(c.p, rate, c.elapsed(), c.width)
	io.WriteString(c.w, "\r\x1b[K"+c.bar)
}

// Write prints a log line above the bar.
func (c *console) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.bar != "" {
		io.WriteString(c.w, "\r\x1b[K")
	}
	n, err := c.w.Write(p)
	if c.bar != "" {
		io.WriteString(c.w, c.bar)
	}
	return n, err
}

// Close draws the last state and leaves it on its own line. Only the
// first call does anything.
func (c *console) Close() { c.once.Do(c.close) }

func (c *console) close() {
	close(c.stop)
	<-c.done
	c.redraw()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.bar != "" {
		io.WriteString(c.w, "\n")
		c.bar = ""
	}
}

// logReporter logs progress at most once per interval, for logs that are
// not a terminal.
type logReporter struct {
	mu       sync.Mutex
	log      *slog.Logger
	interval time.Duration
	lastAt   time.Time
	p        Progress
	m        meter
	start    time.Time
}

func newLogReporter(log *slog.Logger, interval time.Duration) *logReporter {
	return &logReporter{log: log, interval: interval, start: time.Now()}
}

// Report logs p when interval has passed since the last line.
func (r *logReporter) Report(p Progress) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := time.Now()
	if p.Phase != r.p.Phase {
		r.m = meter{}
		if r.p.Phase != "" {
			r.start = now
		}
	}
	r.p = p
	rate := r.m.observe(now, p.Objects)
	if now.Sub(r.lastAt) < r.interval {
		return
	}
	r.lastAt = now
	r.emit(rate)
}

func (r *logReporter) emit(rate float64) {
	p := r.p
	args := []any{"phase", p.Phase, "objects", p.Objects, "rate_per_s", int64(rate + 0.5)}
	if p.Tables > 0 {
		args = append(args, "tables_done", p.TablesDone, "tables", p.Tables)
	}
	if d, ok := eta(p, rate, time.Since(r.start)); ok {
		args = append(args, "eta", d.Round(time.Second).String())
	}
	if p.Current != "" {
		args = append(args, "current", p.Current)
	}
	r.log.Info("progress", args...)
}

// Close does nothing: the engine logs its own summary.
func (r *logReporter) Close() {}
