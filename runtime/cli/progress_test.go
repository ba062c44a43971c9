package cli

import (
	"testing"
	"time"
)

func TestRenderBar(t *testing.T) {
	cases := []struct {
		name  string
		p     Progress
		rate  float64
		el    time.Duration
		width int
		want  string
	}{
		{"tables", Progress{Phase: "backfill", Tables: 10, TablesDone: 5, Objects: 123456, Current: "customers"},
			8210.4, time.Minute, 200,
			"backfill [##########----------] 5/10 tables  123,456 objects  8,210/s  ETA 1m00s  customers"},
		{"total", Progress{Phase: "backfill", Objects: 500, Total: 1000}, 100, time.Second, 200,
			"backfill [##########----------]  500 objects  100/s  ETA 5s"},
		{"engine eta", Progress{Phase: "backfill", Objects: 1, ETA: 2*time.Hour + 5*time.Minute}, 1, time.Second, 200,
			"backfill  1 objects  1/s  ETA 2h05m"},
		{"events", Progress{Phase: "events", Objects: 1500}, 0, time.Second, 200,
			"events  1,500 events  0/s"},
		{"narrow", Progress{Phase: "backfill", Objects: 1500}, 0, time.Second, 12,
			"backfill  1,"},
	}
	for _, c := range cases {
		if got := renderBar(c.p, c.rate, c.el, c.width); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

func TestGroupDigits(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", -1234567: "-1,234,567"} {
		if got := groupDigits(n); got != want {
			t.Errorf("groupDigits(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestMeterSmoothsRate(t *testing.T) {
	var m meter
	t0 := time.Unix(0, 0)
	m.observe(t0, 0)
	if r := m.observe(t0.Add(time.Second), 100); r != 100 {
		t.Fatalf("first rate %v, want 100", r)
	}
	r := m.observe(t0.Add(2*time.Second), 100) // stalled for a second
	if r <= 0 || r >= 100 {
		t.Errorf("rate after a stall %v, want between 0 and 100", r)
	}
}
