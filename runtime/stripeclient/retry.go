package stripeclient

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// verdict is what to do after an attempt.
type verdict int

const (
	succeeded verdict = iota
	retryable
	final
)

// errBadJSON marks a 2xx body that is not (complete) JSON; it is retried.
var errBadJSON = errors.New("stripeclient: response body is not complete JSON")

// errWrongShape marks a 2xx body that is JSON of the wrong shape (a list
// path that answers an object); retrying would not help.
var errWrongShape = errors.New("stripeclient: unexpected response shape")

// classify decides on an attempt. Retried: no response (connection errors,
// timeouts), a cut-off or non-JSON 2xx, Stripe-Should-Retry: true, 409,
// 429 and 5xx. Final: success, Stripe-Should-Retry: false, other 4xx,
// certificate errors and bodies of the wrong shape.
func classify(a *attempt) verdict {
	switch {
	case a.err == nil:
		return succeeded
	case errors.Is(a.err, errWrongShape) || certificateError(a.err):
		return final
	case a.status == 0 || a.status/100 == 2:
		return retryable
	}
	switch strings.ToLower(a.header.Get("Stripe-Should-Retry")) {
	case "true":
		return retryable
	case "false":
		return final
	}
	if a.status == http.StatusTooManyRequests || a.status == http.StatusConflict || a.status >= 500 {
		return retryable
	}
	return final
}

// certificateError reports TLS verification failures, which retries
// cannot fix.
func certificateError(err error) bool {
	var (
		verify   *tls.CertificateVerificationError
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
	)
	return errors.As(err, &verify) || errors.As(err, &unknown) ||
		errors.As(err, &hostname) || errors.As(err, &invalid)
}

// backoff is the wait after the n-th failed attempt: BaseDelay doubling per
// attempt up to MaxDelay, with equal jitter (half fixed, half random).
func (r Retry) backoff(n int) time.Duration {
	d := r.MaxDelay
	if shift := n - 1; shift < 32 && r.BaseDelay<<shift < r.MaxDelay {
		d = r.BaseDelay << shift
	}
	half := d / 2
	return half + rand.N(d-half+1)
}

// maxRetryAfter bounds a parsed Retry-After (Retry.MaxElapsed usually
// stops the request long before).
const maxRetryAfter = 24 * time.Hour

// retryAfter parses a Retry-After header (seconds or an HTTP date); 0 when
// absent or unparsable.
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil && secs > 0 {
		return time.Duration(min(secs, maxRetryAfter.Seconds()) * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
