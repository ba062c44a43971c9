package cli

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Progress is a snapshot of the sync engine's work, which the command
// renders as a bar on a terminal and as periodic log lines otherwise.
type Progress struct {
	// Phase is "backfill" or "events".
	Phase string
	// Tables and TablesDone count the tables the phase covers and those
	// finished (backfill only).
	Tables, TablesDone int
	// Objects counts the objects (or events) written in this phase.
	Objects int64
	// Total is the number of objects expected, 0 when unknown (Stripe's
	// lists have no counts).
	Total int64
	// Current names the work in flight, e.g. a table.
	Current string
	// ETA is the engine's own estimate of the time left, 0 when it has
	// none; the command then estimates from Total or the tables done.
	ETA time.Duration
}

// meter turns successive object counts into a smoothed rate.
type meter struct {
	start    time.Time
	lastAt   time.Time
	last     int64
	rate     float64 // objects per second, exponentially smoothed
	hasFirst bool
}

// observe records count at now and returns the smoothed rate.
func (m *meter) observe(now time.Time, count int64) float64 {
	if !m.hasFirst {
		m.start, m.lastAt, m.last, m.hasFirst = now, now, count, true
		return 0
	}
	dt := now.Sub(m.lastAt).Seconds()
	if dt < 0.05 {
		return m.rate
	}
	inst := float64(count-m.last) / dt
	if m.rate == 0 {
		m.rate = inst
	} else {
		m.rate = 0.3*inst + 0.7*m.rate
	}
	m.lastAt, m.last = now, count
	return m.rate
}

// eta estimates the time left: the engine's estimate, else from the
// expected total when known, else from the share of tables done so far.
func eta(p Progress, rate float64, elapsed time.Duration) (time.Duration, bool) {
	switch {
	case p.ETA > 0:
		return p.ETA, true
	case p.Total > 0 && rate > 0 && p.Objects <= p.Total:
		return time.Duration(float64(p.Total-p.Objects) / rate * float64(time.Second)), true
	case p.Tables > 0 && p.TablesDone > 0 && p.TablesDone <= p.Tables && elapsed >= time.Second:
		per := elapsed / time.Duration(p.TablesDone)
		return per * time.Duration(p.Tables-p.TablesDone), true
	}
	return 0, false
}

// fraction is how far along the phase is, in [0, 1], or -1 when unknown.
func fraction(p Progress) float64 {
	switch {
	case p.Total > 0:
		return min(1, float64(p.Objects)/float64(p.Total))
	case p.Tables > 0:
		return min(1, float64(p.TablesDone)/float64(p.Tables))
	}
	return -1
}

// renderBar draws one status line of at most width columns:
//
//	backfill [#######-------------] 42/116 tables  123,456 objects  8,210/s  ETA 1m12s  customers
func renderBar(p Progress, rate float64, elapsed time.Duration, width int) string {
	var b strings.Builder
	b.WriteString(p.Phase)
	if f := fraction(p); f >= 0 {
		const cells = 20
		n := int(f * cells)
		b.WriteString(" [" + strings.Repeat("#", n) + strings.Repeat("-", cells-n) + "]")
	}
	if p.Tables > 0 {
		fmt.Fprintf(&b, " %d/%d tables", p.TablesDone, p.Tables)
	}
	unit := "objects"
	if p.Phase == "events" {
		unit = "events"
	}
	fmt.Fprintf(&b, "  %s %s  %s/s", groupDigits(p.Objects), unit, groupDigits(int64(rate+0.5)))
	if d, ok := eta(p, rate, elapsed); ok {
		b.WriteString("  ETA " + shortDuration(d))
	}
	if p.Current != "" {
		b.WriteString("  " + p.Current)
	}
	return truncate(b.String(), width)
}

// groupDigits writes n with thousands separators: 1234567 -> "1,234,567".
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		return "-" + s
	}
	return s
}

// shortDuration rounds d for display: 45s, 3m12s, 2h05m.
func shortDuration(d time.Duration) string {
	d = d.Round(time.Second)
	switch {
	case d < time.Minute:
		return strconv.Itoa(int(d.Seconds())) + "s"
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
}

// truncate cuts s to width runes.
func truncate(s string, width int) string {
	r := []rune(s)
	if width <= 0 || len(r) <= width {
		return s
	}
	return string(r[:width])
}
