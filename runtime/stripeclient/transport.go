package stripeclient

import (
	"context"
	"net/http"
	"time"

	"github.com/stripe/stripe-go/v82"
)

// attempt is what one HTTP exchange produced.
type attempt struct {
	// status is the HTTP status (0 when no response arrived).
	status int
	// header is the response's header (nil when no response arrived).
	header http.Header
	// body is the untouched response body of a 2xx.
	body []byte
	// err is a transport, body, decoding or Stripe error.
	err error
}

// badBody reports a 2xx whose body was cut off or not JSON.
func (a *attempt) badBody() bool {
	return a.status/100 == 2 && a.err != nil && classify(a) == retryable
}

// observation is where the transport notes the outcome of one attempt, so
// the status and headers are known even when stripe-go cannot parse the
// body (a cut-off 200, an HTML 502 from a proxy).
type observation struct {
	status int
	header http.Header
	// err is the transport's error when no response arrived.
	err error
}

type observeKey struct{}

// observer wraps the HTTP transport to fill in the request's observation.
type observer struct{ next http.RoundTripper }

// RoundTrip sends r and notes the response's status and header, or the
// error.
func (o observer) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := o.next.RoundTrip(r)
	if ob, ok := r.Context().Value(observeKey{}).(*observation); ok {
		if resp != nil {
			ob.status, ob.header = resp.StatusCode, resp.Header
		}
		ob.err = err
	}
	return resp, err
}

// observed returns a copy of hc whose transport notes responses, without
// a Timeout, and the per-attempt deadline to use in its place (hc's Timeout
// or DefaultAttemptTimeout).
func observed(hc *http.Client) (*http.Client, time.Duration) {
	next := hc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	out := *hc
	out.Transport = observer{next: next}
	timeout := out.Timeout
	if timeout <= 0 {
		timeout = DefaultAttemptTimeout
	}
	out.Timeout = 0
	return &out, timeout
}

// send makes one attempt through stripe-go's RawRequest, which hands back
// the body untouched and unparsed, with the pinned Stripe-Version
// (Params.Headers replaces stripe-go's own) and the call's Idempotency-Key.
func (c *Client) send(ctx context.Context, cl *call) *attempt {
	ob := &observation{}
	// RawRequest has read the whole body when it returns, so the deadline
	// can end with it.
	ctx, cancel := context.WithTimeout(ctx, c.attemptTimeout)
	defer cancel()
	p := &stripe.RawParams{Params: stripe.Params{
		Context: context.WithValue(ctx, observeKey{}, ob),
		Headers: c.headers,
	}}
	if cl.idemKey != "" {
		p.IdempotencyKey = stripe.String(cl.idemKey)
	}
	resp, err := c.rawRequest(cl, p, ob)
	a := &attempt{status: ob.status, header: ob.header, err: err}
	if resp != nil {
		a.body = resp.RawJSON
	}
	return a
}

// rawRequest calls RawRequest. In v82.5.1 RawRequest dereferences a nil
// *http.Response whenever the HTTP client fails (stripe/stripe-go#2211,
// fixed in v83 by #2212); that panic is turned back into the transport
// error the observer saw. Without such an error a panic propagates. The
// alternative, CallRaw, re-parses every body four times in encoding/json.
func (c *Client) rawRequest(cl *call, p *stripe.RawParams, ob *observation) (resp *stripe.APIResponse, err error) {
	defer func() {
		if ob.err == nil {
			return
		}
		if recover() != nil {
			resp, err = nil, ob.err
		}
	}()
	return c.backend.RawRequest(cl.method, cl.target, c.cfg.Key.reveal(), string(cl.body), p)
}
