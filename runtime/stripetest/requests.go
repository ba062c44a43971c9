package stripetest

import (
	"sort"
	"sync"
	"time"
)

// Request is one request the fake received.
type Request struct {
	// Method and Path are the request line, without the query.
	Method, Path string
	// Query is the raw query string.
	Query string
	// StripeVersion is the Stripe-Version header ("" when absent).
	StripeVersion string
	// Status is the HTTP status answered (0 when the connection was cut).
	Status int
	// At is the wall-clock time the request arrived.
	At time.Time
}

// requestLog records requests for tests to assert on.
type requestLog struct {
	mu     sync.Mutex
	all    []Request
	counts map[string]int
}

func (l *requestLog) add(r Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.all = append(l.all, r)
	if l.counts == nil {
		l.counts = map[string]int{}
	}
	l.counts[r.Path]++
}

// Requests returns every request received so far, in arrival order.
func (s *Server) Requests() []Request {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	return append([]Request(nil), s.log.all...)
}

// RequestCount returns how many requests were made to a path (no query).
func (s *Server) RequestCount(path string) int {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	return s.log.counts[path]
}

// RequestCounts returns the number of requests per path.
func (s *Server) RequestCounts() map[string]int {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	out := make(map[string]int, len(s.log.counts))
	for p, n := range s.log.counts {
		out[p] = n
	}
	return out
}

// StripeVersions returns the distinct Stripe-Version headers seen, sorted;
// requests without the header contribute "".
func (s *Server) StripeVersions() []string {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	seen := map[string]bool{}
	for _, r := range s.log.all {
		seen[r.StripeVersion] = true
	}
	out := make([]string, 0, len(seen))
	for v := range seen {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

// ResetRequests forgets the recorded requests.
func (s *Server) ResetRequests() {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	s.log.all, s.log.counts = nil, nil
}
