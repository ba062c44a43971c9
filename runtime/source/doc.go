// Package source is the syncer's read side of Stripe: it lists pages,
// retrieves single objects and completes truncated nested lists, and hands
// back syncdb objects decoded by the generated code, each stamped with the
// version that orders it against every other snapshot of the same object.
//
// # Versions
//
// Every row carries a version (syncdb.Meta.Version: larger is newer, equal
// versions are broken by content hash). Versions live on one clock, Stripe's
// seconds, split into Scale slots:
//
//	event snapshot (data.object of an event created at second c):  c*Scale + 1
//	fetched snapshot (list page or retrieve started at second f):   f*Scale + 0
//
// A fetch started at second f reflects every change made in earlier
// seconds, so it beats every event created before f. An event created in
// the same second as a fetch may or may not be reflected in it, so the
// event wins that tie: if the fetch already held the change, both hold the
// same state; if not, the event is the newer one. Two events of one object
// in one second are the only truly ambiguous case (Stripe's created has one
// second of resolution and ids do not sort); the events follower detects it
// and refetches the object once Stripe's clock has passed that second, and
// such a fetch (version >= (c+1)*Scale) beats both. Deletions use the version
// of the event or fetch that saw them, and their tombstones block every
// snapshot that is not newer.
//
// The clock must be Stripe's: the default is the host clock, which must be
// NTP-synchronised (a host clock running ahead of Stripe's would let a fetch
// beat an event it does not reflect). Tests pass the fake server's clock.
package source
