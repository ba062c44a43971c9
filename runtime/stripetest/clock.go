package stripetest

import (
	"sync"
	"time"
)

// Clock tells the fake its current time. Object and event `created` values
// and event retention are read from it.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
}

// DefaultEpoch is the start time of a FakeClock created by New when no clock
// is given: 2025-06-01T00:00:00Z, a few days after the pinned API version.
var DefaultEpoch = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

// FakeClock is a Clock that only moves when told to. It is safe for
// concurrent use.
type FakeClock struct {
	mu  sync.Mutex
	now time.Time
}

// NewFakeClock returns a FakeClock reading t.
func NewFakeClock(t time.Time) *FakeClock {
	return &FakeClock{now: t}
}

// Now returns the clock's current time.
func (c *FakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d (backward when d is negative).
func (c *FakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Set moves the clock to t.
func (c *FakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// RealClock is a Clock reading the system time.
type RealClock struct{}

// Now returns time.Now().
func (RealClock) Now() time.Time { return time.Now() }
