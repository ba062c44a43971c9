package stripeclient

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// call is one logical request, sent once or more.
type call struct {
	method, path string
	// target is the path with its query.
	target string
	// body is the form body of a POST.
	body []byte
	// endpoint is the rate-limit bucket ("GET /v1/customers/{id}").
	endpoint string
	// idemKey is the Idempotency-Key every attempt of a write carries.
	idemKey string
}

// newCall checks the path and builds a call.
func newCall(method, path string, q, form url.Values) (*call, error) {
	if !strings.HasPrefix(path, "/v1/") || strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("stripeclient: %s %q: want a /v1/ path with the query in url.Values", method, path)
	}
	cl := &call{method: method, path: path, target: path, endpoint: endpointOf(method, path)}
	if len(q) > 0 {
		cl.target += "?" + q.Encode()
	}
	if method == http.MethodPost {
		cl.body = []byte(form.Encode())
	}
	if method != http.MethodGet {
		cl.idemKey = newIdempotencyKey()
	}
	return cl, nil
}

// newIdempotencyKey returns a random key, one per logical write, so its
// retries are safe.
func newIdempotencyKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return "stripesync-" + hex.EncodeToString(b[:])
}

// do sends cl until it succeeds, fails for good, runs out of attempts or
// time, or ctx ends. decode checks and keeps a 2xx body.
func (c *Client) do(ctx context.Context, cl *call, decode func([]byte) error) error {
	start := c.cfg.Clock.Now()
	for n := 1; ; n++ {
		waited, err := c.limiter.wait(ctx, cl.endpoint)
		c.stats.limiterWait.Add(int64(waited))
		if err != nil {
			return c.failed(cl, n-1, &attempt{err: err})
		}
		a := c.try(ctx, cl, n, decode)
		if err := ctx.Err(); err != nil {
			return c.failed(cl, n, &attempt{err: err})
		}
		switch classify(a) {
		case succeeded:
			return nil
		case final:
			return c.failed(cl, n, a)
		}
		wait, ok := c.retryWait(a, n, start)
		if !ok {
			return c.failed(cl, n, a)
		}
		c.noteRetry(cl, a, n, wait)
		if err := c.cfg.Clock.Sleep(ctx, wait); err != nil {
			return c.failed(cl, n, &attempt{err: err})
		}
		c.stats.backoffWait.Add(int64(wait))
	}
}

// try makes attempt n and decodes a 2xx body.
func (c *Client) try(ctx context.Context, cl *call, n int, decode func([]byte) error) *attempt {
	a := c.send(ctx, cl)
	if a.err == nil {
		a.err = decode(a.body)
	}
	c.stats.attempt(a, n > 1)
	return a
}

// retryWait returns the wait before retrying after the n-th attempt, or
// false when the attempts or the time are used up. A Retry-After also
// pauses every other request of the client.
func (c *Client) retryWait(a *attempt, n int, start time.Time) (time.Duration, bool) {
	now := c.cfg.Clock.Now()
	wait := c.cfg.Retry.backoff(n)
	if ra := retryAfter(a.header, now); ra > 0 {
		c.limiter.pauseUntil(now.Add(ra))
		wait = max(wait, ra)
	}
	if n >= c.cfg.Retry.MaxAttempts || now.Sub(start)+wait > c.cfg.Retry.MaxElapsed {
		return 0, false
	}
	return wait, true
}

// failed builds the error for a request given up after attempts.
func (c *Client) failed(cl *call, attempts int, a *attempt) error {
	c.stats.failed.Add(1)
	e := &RequestError{Method: cl.method, Path: cl.path, Status: a.status, Attempts: attempts, Err: c.scrub.err(a.err)}
	if a.status >= 400 {
		e.kind = kindOf(a.status)
	}
	if e.kind == ErrPermission {
		e.Permission = permissionOf(e.Err)
	}
	return e
}

// noteRetry logs a retry: the first 429 at warning level, the rest at
// debug.
func (c *Client) noteRetry(cl *call, a *attempt, n int, wait time.Duration) {
	attrs := []any{"method", cl.method, "path", cl.path, "status", a.status, "attempt", n, "wait", wait}
	if a.status == http.StatusTooManyRequests && c.warned.CompareAndSwap(false, true) {
		c.log.Warn("stripeclient: stripe is rate limiting requests; backing off", attrs...)
		return
	}
	c.log.Debug("stripeclient: retrying", append(attrs, "error", describe(c.scrub.err(a.err)))...)
}
