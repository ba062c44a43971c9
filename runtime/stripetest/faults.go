package stripetest

import (
	"math"
	"path"
	"strings"
	"sync"
	"time"
)

// Fault injects failures into requests whose path matches Path. Decisions
// are deterministic for a given seed and sequence of requests per fault.
type Fault struct {
	// Path selects requests: "" or "*" for all, a trailing "*" for a prefix
	// ("/v1/customers*"), otherwise a path.Match pattern ("/v1/*/lines").
	Path string
	// ErrorRate is the fraction of requests answered 500 api_error.
	ErrorRate float64
	// ThrottleRate is the fraction of requests that start a burst of 429s.
	ThrottleRate float64
	// BurstLength is how many consecutive matching requests one burst
	// answers 429 (default 1).
	BurstLength int
	// RetryAfter is the Retry-After of those 429s (default 1s; sent in whole
	// seconds, at least 1).
	RetryAfter time.Duration
	// Delay is added before answering; DelayRate is the fraction of requests
	// delayed (every request when 0 and Delay is set).
	Delay     time.Duration
	DelayRate float64
	// CutRate is the fraction of responses whose connection is closed after
	// half the body was written.
	CutRate float64
}

// decision is what the fault layer does to one request.
type decision struct {
	status     int
	retryAfter time.Duration
	delay      time.Duration
	cut        bool
}

type faultState struct {
	Fault
	n     uint64
	burst int
}

// faultSet holds the configured faults, the global rate limit and counts of
// what was injected.
type faultSet struct {
	mu       sync.Mutex
	seed     uint64
	faults   []*faultState
	limit    *limiter
	injected map[string]int
}

// SetFaults replaces the configured faults (none when called empty).
func (s *Server) SetFaults(faults ...Fault) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.faults = nil
	for _, f := range faults {
		s.faults.faults = append(s.faults.faults, &faultState{Fault: f})
	}
}

// SetRateLimit answers 429 to requests beyond rps per second (with bursts of
// up to burst requests); rps <= 0 removes the limit.
func (s *Server) SetRateLimit(rps float64, burst int) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.limit = nil
	if rps > 0 {
		s.faults.limit = newLimiter(rps, max(burst, 1), time.Now)
	}
}

// Injected returns how many faults of each kind were injected so far:
// "500", "429" (bursts), "rate_limit", "delay" and "cut".
func (s *Server) Injected() map[string]int {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	out := map[string]int{}
	for k, v := range s.faults.injected {
		out[k] = v
	}
	return out
}

// decide picks the faults for one request to p.
func (fs *faultSet) decide(p string) decision {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if fs.injected == nil {
		fs.injected = map[string]int{}
	}
	var d decision
	if fs.limit != nil {
		if wait, ok := fs.limit.take(); !ok {
			fs.injected["rate_limit"]++
			return decision{status: 429, retryAfter: wait}
		}
	}
	for i, f := range fs.faults {
		if !pathMatches(f.Path, p) {
			continue
		}
		fs.apply(i, f, &d)
	}
	return d
}

// apply rolls one fault's dice for its next request and merges the outcome.
func (fs *faultSet) apply(i int, f *faultState, d *decision) {
	f.n++
	roll := func(salt uint64) float64 { return unitHash(fs.seed, uint64(i), f.n, salt) }
	if f.Delay > 0 && (f.DelayRate == 0 || roll(1) < f.DelayRate) {
		d.delay += f.Delay
		fs.injected["delay"]++
	}
	if d.status != 0 {
		return
	}
	switch {
	case f.burst > 0 || roll(2) < f.ThrottleRate:
		if f.burst == 0 {
			f.burst = max(f.BurstLength, 1)
		}
		f.burst--
		d.status, d.retryAfter = 429, f.RetryAfter
		fs.injected["429"]++
	case roll(3) < f.ErrorRate:
		d.status = 500
		fs.injected["500"]++
	case roll(4) < f.CutRate:
		d.cut = true
		fs.injected["cut"]++
	}
}

// pathMatches applies a Fault.Path pattern.
func pathMatches(pattern, p string) bool {
	switch {
	case pattern == "" || pattern == "*":
		return true
	case strings.HasSuffix(pattern, "*") && !strings.ContainsAny(pattern[:len(pattern)-1], "*?["):
		return strings.HasPrefix(p, strings.TrimSuffix(pattern, "*"))
	default:
		ok, _ := path.Match(pattern, p)
		return ok
	}
}

// unitHash maps its inputs to a uniform float in [0, 1) (splitmix64).
func unitHash(vals ...uint64) float64 {
	h := uint64(0x9e3779b97f4a7c15)
	for _, v := range vals {
		h ^= v + 0x9e3779b97f4a7c15 + (h << 6) + (h >> 2)
		h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9
		h = (h ^ (h >> 27)) * 0x94d049bb133111eb
		h ^= h >> 31
	}
	return float64(h>>11) / float64(1<<53)
}

// retryAfterSeconds renders a Retry-After value: whole seconds, at least 1.
func retryAfterSeconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}

// limiter is a token bucket over wall-clock time.
type limiter struct {
	rate   float64
	burst  float64
	tokens float64
	last   time.Time
	now    func() time.Time
}

func newLimiter(rps float64, burst int, now func() time.Time) *limiter {
	return &limiter{rate: rps, burst: float64(burst), tokens: float64(burst), last: now(), now: now}
}

// take spends a token, or reports how long until one is available.
func (l *limiter) take() (time.Duration, bool) {
	now := l.now()
	l.tokens = math.Min(l.burst, l.tokens+now.Sub(l.last).Seconds()*l.rate)
	l.last = now
	if l.tokens >= 1 {
		l.tokens--
		return 0, true
	}
	return time.Duration((1 - l.tokens) / l.rate * float64(time.Second)), false
}
