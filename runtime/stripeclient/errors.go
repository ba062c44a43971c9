package stripeclient

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/stripe/stripe-go/v82"
)

// Sentinel errors, matched with errors.Is. ErrNoKey and ErrUnauthorized
// read as one CLI line on their own.
var (
	// ErrNoKey means no API key was configured.
	ErrNoKey = errors.New("no Stripe API key: set STRIPE_API_KEY, --api-key or --api-key-file")
	// ErrUnauthorized means Stripe answered 401 to the key.
	ErrUnauthorized = errors.New("stripe rejected the API key (401)")
	// ErrPermission means Stripe answered 403: a restricted key lacks the
	// permission named in RequestError.Permission.
	ErrPermission = errors.New("stripeclient: the API key lacks a permission (403)")
	// ErrNotFound means Stripe answered 404 (no such object or URL).
	ErrNotFound = errors.New("stripeclient: not found (404)")
	// ErrRateLimited means Stripe still answered 429 when the retries ran out.
	ErrRateLimited = errors.New("stripeclient: rate limited (429)")
)

// RequestError is a request that failed for good. It unwraps to a sentinel
// for the statuses callers branch on, and to the cause: a *stripe.Error
// (for errors.As), a transport error or the context's error.
type RequestError struct {
	// Method and Path name the request (the path without its query).
	Method, Path string
	// Status is the last HTTP status (0 when no response arrived).
	Status int
	// Attempts is how many times the request was sent.
	Attempts int
	// Permission is the permission a 403 names ("rak_customer_read").
	Permission string
	// Err is the cause of the last failure, scrubbed of keys.
	Err error

	kind error
}

// Error describes the failure in one line without any key material.
func (e *RequestError) Error() string {
	op := "stripeclient: " + e.Method + " " + e.Path + ": "
	switch e.kind {
	case ErrUnauthorized:
		return op + ErrUnauthorized.Error()
	case ErrPermission:
		if e.Permission != "" {
			return op + "the API key lacks the " + e.Permission + " permission (403)"
		}
		return op + "the API key lacks a permission (403)"
	}
	msg := describe(e.Err)
	if e.Attempts > 1 {
		msg += fmt.Sprintf(" (after %d attempts)", e.Attempts)
	}
	return op + msg
}

// Unwrap returns the sentinel (if any) and the cause.
func (e *RequestError) Unwrap() []error {
	var out []error
	for _, err := range []error{e.kind, e.Err} {
		if err != nil {
			out = append(out, err)
		}
	}
	return out
}

// describe renders a cause on one line.
func describe(err error) string {
	var se *stripe.Error
	if errors.As(err, &se) {
		s := fmt.Sprintf("%d %s", se.HTTPStatusCode, se.Type)
		if se.Code != "" {
			s += " " + string(se.Code)
		}
		return s + ": " + oneLine(se.Msg)
	}
	if err == nil {
		return "unknown error"
	}
	return oneLine(err.Error())
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// kindOf maps a final status to its sentinel.
func kindOf(status int) error {
	switch status {
	case http.StatusUnauthorized:
		return ErrUnauthorized
	case http.StatusForbidden:
		return ErrPermission
	case http.StatusNotFound:
		return ErrNotFound
	case http.StatusTooManyRequests:
		return ErrRateLimited
	}
	return nil
}

var (
	// permissionRE finds the permission in Stripe's 403 message: "Having
	// the 'rak_charge_read' permission would allow this request".
	permissionRE = regexp.MustCompile(`'([a-z0-9_]+)' permission`)
	rakRE        = regexp.MustCompile(`\brak_[a-z0-9_]+`)
)

// permissionOf returns the permission a 403 names, if any.
func permissionOf(err error) string {
	var se *stripe.Error
	if !errors.As(err, &se) {
		return ""
	}
	if m := permissionRE.FindStringSubmatch(se.Msg); m != nil {
		return m[1]
	}
	return rakRE.FindString(se.Msg)
}
