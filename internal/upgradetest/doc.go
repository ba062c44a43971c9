// Package upgradetest holds the end-to-end test of a Stripe API version
// upgrade (issue 6): a database synced by the basil build of stripesync from
// runtime/stripetest is migrated by a clover build generated from the clover
// spec in a copy of the repository, and its sync re-backfills the changed
// tables until the database equals the fake's state at clover.
//
// The package has no code of its own; see upgrade_test.go.
package upgradetest
