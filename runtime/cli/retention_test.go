package cli

import (
	"testing"
	"time"
)

// TestEventsRetention: --events-retention takes days, Go durations or 0,
// from the flag or STRIPESYNC_EVENTS_RETENTION, and refuses anything else
// with a usage error.
func TestEventsRetention(t *testing.T) {
	for in, want := range map[string]time.Duration{"0": 0, "90d": 90 * 24 * time.Hour, "720h": 720 * time.Hour, "1d": 24 * time.Hour} {
		r, err := parseArgs("sync", []string{"--events-retention", in}, envOf(nil))
		if err != nil {
			t.Fatal(err)
		}
		c, err := r.config(envOf(nil))
		if err != nil || c.EventsRetention != want {
			t.Errorf("%q: %v (%v), want %v", in, c.EventsRetention, err, want)
		}
	}
	r, _ := parseArgs("sync", nil, envOf(map[string]string{"STRIPESYNC_EVENTS_RETENTION": "30d"}))
	if c, err := r.config(envOf(nil)); err != nil || c.EventsRetention != 30*24*time.Hour {
		t.Errorf("from the environment: %+v %v", c, err)
	}
	for _, in := range []string{"-1h", "-2d", "ninety", "d", "1.5d"} {
		r, err := parseArgs("sync", []string{"--events-retention", in}, envOf(nil))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.config(envOf(nil)); exitCode(err) != ExitUsage {
			t.Errorf("%q: %v, want a usage error", in, err)
		}
	}
}
