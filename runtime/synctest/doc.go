// Package synctest holds helpers for testing the syncer end to end: a
// migrated PostgreSQL database per test (internal/pgtest), a fake Stripe
// (runtime/stripetest) with a client pointed at it, and Compare, which
// checks that the database mirrors the fake's state: no missing, extra or
// stale rows.
package synctest
