package cli

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stripesync/stripesync/runtime/relist"
)

// relistConfig parses a sync command line and environment into the two
// re-list intervals.
func relistConfig(args []string, env map[string]string) (every, full time.Duration, err error) {
	r, err := parseArgs("sync", args, envOf(env))
	if err != nil {
		return 0, 0, err
	}
	c, err := r.config(envOf(env))
	if err != nil {
		return 0, 0, err
	}
	return c.RelistInterval, c.RelistFullInterval, nil
}

// TestRelistFlags: the defaults are the relister's; flags beat the
// environment; a setting left at its default gives way so that full walks
// are never more frequent than walks; 0 means never.
func TestRelistFlags(t *testing.T) {
	const envFull = "STRIPESYNC_RELIST_FULL_INTERVAL"
	m, h := time.Minute, time.Hour
	for _, c := range []struct {
		args        []string
		env         map[string]string
		every, full time.Duration
	}{
		{nil, nil, relist.DefaultInterval, relist.DefaultFullInterval},
		{[]string{"--relist-interval", "5m", "--relist-full-interval", "1h"}, nil, 5 * m, h},
		{nil, map[string]string{envFull: "24h"}, 10 * m, 24 * h},
		{[]string{"--relist-full-interval", "2h"}, map[string]string{envFull: "24h"}, 10 * m, 2 * h},
		{[]string{"--relist-interval", "15m", "--relist-full-interval", "15m"}, nil, 15 * m, 15 * m},
		{[]string{"--relist-interval", "12h"}, nil, 12 * h, 12 * h},
		{[]string{"--relist-full-interval", "5m"}, nil, 5 * m, 5 * m},
		{[]string{"--relist-full-interval", "0"}, nil, 10 * m, 0},
		{[]string{"--relist-interval", "1h", "--relist-full-interval", "0"}, nil, h, 0},
		{[]string{"--relist-interval", "0"}, nil, 0, 6 * h},
		{[]string{"--relist-interval", "0", "--relist-full-interval", "1m"}, nil, 0, m},
	} {
		every, full, err := relistConfig(c.args, c.env)
		if err != nil || every != c.every || full != c.full {
			t.Errorf("%v %v: %v, %v, %v; want %v, %v", c.args, c.env, every, full, err, c.every, c.full)
		}
	}
}

// TestRelistFlagErrors: a malformed or negative interval, and a full
// interval set below the re-list interval (by flag or environment), are
// one-line usage errors naming the setting.
func TestRelistFlagErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--relist-full-interval", "soon"}, nil, "--relist-full-interval"},
		{[]string{"--relist-full-interval", "-1h"}, nil, "--relist-full-interval"},
		{[]string{"--relist-interval", "1x"}, nil, "--relist-interval"},
		{[]string{"--relist-interval", "1h", "--relist-full-interval", "30m"}, nil, "shorter than --relist-interval"},
		{[]string{"--relist-full-interval", "30m"}, map[string]string{"STRIPESYNC_RELIST_INTERVAL": "1h"}, "shorter"},
	} {
		_, _, err := relistConfig(c.args, c.env)
		var ue *usageError
		if !errors.As(err, &ue) || exitCode(err) != ExitUsage || !strings.Contains(err.Error(), c.want) ||
			strings.Contains(err.Error(), "\n") {
			t.Errorf("%v %v: err %v, want a one-line usage error with %q", c.args, c.env, err, c.want)
		}
	}
}
