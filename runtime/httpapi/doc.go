// Package httpapi is the HTTP side of `stripesync sync --listen ADDR`:
//
//	POST /webhooks  Stripe webhook deliveries, verified and applied
//	GET  /wait      read-after-write: 200 {"ok":true} once every event
//	                created before the call is applied (?timeout=, default 30s)
//	GET  /healthz   liveness (200 {"ok":true}, or 503 when Health fails)
//	GET  /metrics   Prometheus text exposition
//
// # Webhooks
//
// The signature is checked on the raw body with stripe-go's
// webhook.ConstructEventWithOptions against every configured secret (so a
// secret can be rolled: old and new are both accepted while both are set),
// with a 300 s tolerance and IgnoreAPIVersionMismatch, since the pinned API
// version need not be stripe-go's. A missing, malformed, stale or forged
// signature is answered 400 and nothing is applied. A verified event goes
// to the Applier, and the answer is 200 only after Apply returned, i.e.
// after the event's effect is committed; a failed Apply answers 500 so
// Stripe delivers again. Apply must be idempotent by event id: Stripe
// delivers at least once, and the events follower sees the same events.
// Polling /v1/events remains the safety net for deliveries that never come.
//
// # Wait
//
// At call time /wait asks Stripe for the newest event (EventSource) and
// then waits until the Tracker reports that event applied, checking again
// on every Notify and every PollInterval; or, with a Waiter instead, until
// the engine has applied every event created before the end of that
// event's second. No event at all answers ok at once. A timeout answers 504, a failure to reach Stripe 503 and a failure
// of the Tracker 500, each with {"ok":false,"error":"..."}.
//
// # Authentication
//
// With Config.Token set, GET /wait and GET /metrics answer 401 with
// "WWW-Authenticate: Bearer" and a JSON error unless the request carries
// "Authorization: Bearer <token>". The token is compared by SHA-256 digest
// in constant time (crypto/subtle) and never logged; rejections are counted
// by route in stripesync_http_unauthorized_total. /healthz stays open for
// load balancers, and POST /webhooks keeps its signature check only, since
// Stripe cannot send a token.
//
// # Metrics
//
// /metrics renders a MetricsSource snapshot (lag, events applied, rows
// written per table, Stripe API calls by status, 429s, backfill progress,
// time since the last successful poll) plus the server's own webhook, wait
// and 401 counters, hand-written in the text exposition format 0.0.4.
package httpapi
