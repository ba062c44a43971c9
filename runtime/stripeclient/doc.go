// Package stripeclient is the syncer's only way to talk to Stripe.
//
// It sends requests through stripe-go v82's backend (RawRequest), so error
// parsing and transport follow Stripe's own library, and hands callers the
// untouched JSON for the generated decoders. Around that it adds what a
// long-running mirror needs and stripe-go leaves out:
//
//   - Stripe-Version is the configured (generated) API version on every
//     request, replacing stripe-go's own default;
//   - its own rate limiter: a global budget per mode (live 100/s, test 25/s)
//     and a per-endpoint budget (25/s; search and files 20/s), configurable
//     and switchable off;
//   - retries with exponential backoff and jitter on 429 (honouring
//     Retry-After, which also pauses every other request), 409, 5xx,
//     connection errors and cut-off or non-JSON 200 bodies; POSTs carry one
//     Idempotency-Key across their retries; 401, 403, 404 and other 4xx are
//     final and typed (ErrUnauthorized, ErrPermission, ErrNotFound);
//   - observable throttling: Stats counts requests by status, 429s, retries
//     and time spent waiting, and says whether Stripe throttled the run;
//   - a Key type that never prints: fmt, JSON, text and slog all show a
//     redaction, and errors and logs are scrubbed of anything key-shaped.
//
// A Client is safe for concurrent use. Paths are API paths such as
// "/v1/customers"; query parameters go in url.Values, never in the path.
package stripeclient
