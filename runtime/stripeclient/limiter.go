package stripeclient

import (
	"context"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiter paces requests: each needs a token from the global bucket and one
// from its endpoint's bucket, and all wait while Stripe's Retry-After pause
// lasts. Tokens are reserved at the clock's time, so a fake clock drives it.
type limiter struct {
	cfg   RateLimit
	clock Clock

	mu     sync.Mutex
	global *rate.Limiter
	byEP   map[string]*rate.Limiter
	pause  time.Time
}

func newLimiter(cfg RateLimit, clock Clock) *limiter {
	return &limiter{
		cfg:    cfg,
		clock:  clock,
		global: newBucket(cfg.Global, cfg.Burst),
		byEP:   map[string]*rate.Limiter{},
	}
}

// newBucket makes a token bucket; burst 0 means a fifth of the rate.
func newBucket(rps float64, burst int) *rate.Limiter {
	if burst <= 0 {
		burst = max(1, int(math.Floor(rps/5)))
	}
	return rate.NewLimiter(rate.Limit(rps), burst)
}

// wait blocks until a request to endpoint may go and returns how long it
// waited. When ctx ends first it gives the tokens back.
func (l *limiter) wait(ctx context.Context, endpoint string) (time.Duration, error) {
	rs, d, now := l.reserve(endpoint)
	if d <= 0 {
		return 0, ctx.Err()
	}
	if err := l.clock.Sleep(ctx, d); err != nil {
		at := l.clock.Now()
		for _, r := range rs {
			r.CancelAt(at)
		}
		return l.clock.Now().Sub(now), err
	}
	return d, nil
}

// reserve takes the tokens and returns them with the delay before sending
// and the time they were reserved at (read under the lock, so reservation
// times never go backwards).
func (l *limiter) reserve(endpoint string) ([]*rate.Reservation, time.Duration, time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	d := l.pause.Sub(now)
	if l.cfg.Off {
		return nil, d, now
	}
	rs := []*rate.Reservation{l.global.ReserveN(now, 1), l.bucket(endpoint).ReserveN(now, 1)}
	for _, r := range rs {
		d = max(d, r.DelayFrom(now))
	}
	return rs, d, now
}

// bucket returns endpoint's bucket, making it on first use. Callers hold mu.
func (l *limiter) bucket(endpoint string) *rate.Limiter {
	b := l.byEP[endpoint]
	if b == nil {
		b = newBucket(endpointRate(endpoint, l.cfg.Endpoint, l.cfg.Overrides), l.cfg.Burst)
		l.byEP[endpoint] = b
	}
	return b
}

// pauseUntil holds every request until t (Stripe's Retry-After).
func (l *limiter) pauseUntil(t time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if t.After(l.pause) {
		l.pause = t
	}
}

// pausedUntil returns the end of the latest pause.
func (l *limiter) pausedUntil() time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.pause
}
