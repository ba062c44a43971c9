// Package stripetest is a stateful fake of the Stripe API for tests. It serves
// what stripe-mock cannot: real pagination over many objects, an event stream
// that follows mutations, deletes, faults and rate limits.
//
// Objects are built from the pinned fixtures3.json of stripe-mock, used as
// templates: each generated object keeps its fixture's shape and id prefix
// (cus_, ch_, sub_sched_ ...) with a unique, seed-deterministic suffix, a
// `created` taken from an injectable clock, and top-level references rewritten
// to other generated objects.
//
// Reference policy: a top-level reference (an expandable field, or a string
// field whose fixture value is another fixture's id) points at an existing
// object of the target resource, picked deterministically. When no object of
// the target exists, the fixture's value is kept (a dangling id, as a real
// account can have), except for structural parents: an object that can only be
// listed under a parent (line_item under an invoice, subscription_item under a
// subscription, person under an account ...) gets a parent created for it when
// none exists, so every object is reachable through some list endpoint.
//
// Ordering: lists are newest first by created, then by id for ties (or by
// insertion order with WithInsertionOrderTies). Cursors (starting_after,
// ending_before) may name objects that were deleted or events past retention:
// their position is remembered. An unknown cursor id is a 400 resource_missing.
//
// Lists: every list path of the spec is served, top-level and under a
// parent (/v1/invoices/{invoice}/lines, /v1/subscription_items?subscription=,
// /v1/accounts/{account}/persons). Each list group keeps a sorted index per
// parent, so a page costs a binary search plus the page itself. limit is
// 1..100 (default 10), unknown parameters and missing required filters are
// 400s in Stripe's error shape, created ranges apply where the spec accepts
// them, plain optional filters (customer=, status=, object=) are applied as
// equality filters on the item's top-level field, and /v1/subscriptions (and
// a customer's subscriptions) hide canceled subscriptions unless status asks
// for them. Lists embedded in objects (invoice.lines, subscription.items ...)
// show at most 10 children with has_more and the url of the full list.
//
// Mutations: Create, Update and Delete emit the spec's event for the action
// when the resource has one (customer.subscription.updated for a
// subscription, customer.source.created for a customer's card), with
// previous_attributes on updates and the pre-deletion object on deletes.
// Deleting a subscription cancels it; deleting a resource with a deleted_*
// schema leaves the stub; other deletes make retrieves 404. Deletes do not
// cascade to children. Options place events earlier in the stream
// (EventAt), stamp another api_version, or skip the event. Events older than
// 30 days on the server's clock are no longer listed or retrievable.
//
// A Server is used in-process through NewTestServer (an httptest.Server on
// 127.0.0.1) or as a process through cmd/stripetest; both share the Go mutator
// API (Create, Update, Delete, Seed, State) and, over HTTP, the control
// endpoints under /_stripetest/.
package stripetest
