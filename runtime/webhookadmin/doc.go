// Package webhookadmin manages the Stripe webhook endpoint that feeds
// stripesync's POST /webhooks: `stripesync webhooks ensure --url URL`.
//
// The endpoint is pinned to the generated API version (Stripe renders each
// endpoint's events at its own api_version, which can only be chosen at
// creation) and subscribes to exactly the event types the generated tables
// need (EventTypes; never "*"). Ensure is idempotent: a second run with the
// same build changes nothing.
//
// Endpoints are recognised by their URL. An API version upgrade is two
// steps with a cutover point between them:
//
//  1. Ensure, run by the new build, creates an endpoint at the new version
//     next to the old one and returns the old ones in Result.Retire. Both
//     deliver every event from then on; the syncer dedupes by event id, so
//     the overlap is harmless. Add the new endpoint's signing secret to
//     STRIPE_WEBHOOK_SECRET next to the old one (the server accepts any
//     configured secret) and deploy the new build.
//  2. Cutover point: once the new build runs and answers 2xx to the new
//     endpoint's deliveries, RetireOld deletes the endpoints at other
//     versions. It refuses when no endpoint at the current version exists,
//     so the URL is never left without one. Then drop the old secret.
//
// Missed deliveries in between are not lost either way: polling /v1/events
// stays the safety net.
package webhookadmin
