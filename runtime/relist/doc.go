// Package relist lists again, periodically, the tables the event stream
// does not keep current: resources without events (balance transactions,
// subscription items, webhook endpoints ...) and resources whose deletions
// come without an event (terminal locations, product features ...).
//
// Every Interval it walks those tables' lists again, only objects created
// since the previous walk (minus an overlap) on endpoints that accept a
// created range; every FullInterval it walks them in full and sweeps rows
// that Stripe no longer lists (see backfill.Walk). A table whose rows still
// change without events while in some states (balance transactions while
// pending: syncdb.SilentStates, from the generator's list policy) is walked
// incrementally from its oldest stored row in those states when that is
// earlier, so those rows stay current between full walks. Walks use fetch
// versions (package source), so they never overwrite a newer event.
package relist
