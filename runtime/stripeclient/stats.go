package stripeclient

import (
	"maps"
	"sync"
	"sync/atomic"
	"time"
)

// Stats is a snapshot of the client's traffic since New, for metrics and
// logs. A run that saw Throttled must not call itself complete until every
// request it made has succeeded or failed (the client never drops one).
type Stats struct {
	// Requests is the number of HTTP attempts sent.
	Requests int64
	// ByStatus counts attempts by HTTP status; 0 is no response
	// (connection refused or reset, timeout).
	ByStatus map[int]int64
	// RateLimited is the number of 429 answers.
	RateLimited int64
	// Retries is the number of attempts that repeated an earlier one.
	Retries int64
	// CutOff is the number of 2xx answers whose body was cut off or not JSON.
	CutOff int64
	// Failed is the number of requests that returned an error.
	Failed int64
	// LimiterWait is the time requests spent waiting on the client's own
	// limiter, Retry-After pauses of other requests included.
	LimiterWait time.Duration
	// BackoffWait is the time requests slept before retrying.
	BackoffWait time.Duration
	// Throttled reports whether Stripe answered 429 at least once.
	Throttled bool
	// ThrottledUntil is when the latest Retry-After pause ends; requests
	// wait until then (zero when Stripe never sent one).
	ThrottledUntil time.Time
}

// stats holds the live counters behind Stats.
type stats struct {
	requests, rateLimited, retries, cutOff, failed atomic.Int64
	limiterWait, backoffWait                       atomic.Int64

	mu       sync.Mutex
	byStatus map[int]int64
}

// attempt records one sent attempt.
func (s *stats) attempt(a *attempt, retry bool) {
	s.requests.Add(1)
	if retry {
		s.retries.Add(1)
	}
	if a.status == 429 {
		s.rateLimited.Add(1)
	}
	if a.badBody() {
		s.cutOff.Add(1)
	}
	s.mu.Lock()
	if s.byStatus == nil {
		s.byStatus = map[int]int64{}
	}
	s.byStatus[a.status]++
	s.mu.Unlock()
}

// snapshot copies the counters.
func (s *stats) snapshot() Stats {
	s.mu.Lock()
	by := maps.Clone(s.byStatus)
	s.mu.Unlock()
	if by == nil {
		by = map[int]int64{}
	}
	return Stats{
		Requests:    s.requests.Load(),
		ByStatus:    by,
		RateLimited: s.rateLimited.Load(),
		Retries:     s.retries.Load(),
		CutOff:      s.cutOff.Load(),
		Failed:      s.failed.Load(),
		LimiterWait: time.Duration(s.limiterWait.Load()),
		BackoffWait: time.Duration(s.backoffWait.Load()),
		Throttled:   s.rateLimited.Load() > 0,
	}
}
