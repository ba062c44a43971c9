package cli

import "time"

// Re-list defaults. Walks every 10 minutes are incremental: they ask only
// for objects created since the previous walk, and for rows still changing
// without events (pending balance transactions), so a large account pays
// for its recent objects, not its history. Every 6 hours a walk is a full
// one, which also drops rows Stripe deleted without an event: on two
// million balance transactions that is some 20,000 requests, about 1% of
// the live rate limit spread over the interval, while a small account's
// full walk costs a handful of requests.
const (
	defaultRelistInterval     = "10m"
	defaultRelistFullInterval = "6h"
)

// relist reads --relist-interval and --relist-full-interval (0: never).
// Every full walk is also a walk, so the full interval is never shorter:
// a setting left at its default gives way to the other one's value, and
// setting both with the full one shorter is a usage error.
func (r *raw) relist() (every, full time.Duration, err error) {
	if every, err = parseInterval("--relist-interval", r.relistInterval); err != nil {
		return 0, 0, err
	}
	if full, err = parseInterval("--relist-full-interval", r.relistFullInterval); err != nil {
		return 0, 0, err
	}
	if every == 0 || full == 0 || full >= every {
		return every, full, nil
	}
	switch {
	case r.set["relist-interval"] && r.set["relist-full-interval"]:
		return 0, 0, usageErrorf("--relist-full-interval %s is shorter than --relist-interval %s: "+
			"want at least the re-list interval, or 0 for never", r.relistFullInterval, r.relistInterval)
	case r.set["relist-interval"]:
		return every, every, nil
	default:
		return full, full, nil
	}
}

// parseInterval reads a non-negative duration setting.
func parseInterval(name, s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, usageErrorf("%s %q: want a duration such as 10m or 6h, or 0 for never", name, s)
	}
	return d, nil
}
