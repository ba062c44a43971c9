package source

import "time"

// Scale is the number of version slots per second of Stripe's clock.
const Scale = 4

// Version slots within one second.
const (
	// fetchSlot orders snapshots fetched by a request started in a second.
	fetchSlot = 0
	// eventSlot orders the data.object of events created in a second.
	eventSlot = 1
)

// FetchVersion is the version of a snapshot fetched by a request that
// started at t on Stripe's clock.
func FetchVersion(t time.Time) int64 { return t.Unix()*Scale + fetchSlot }

// EventVersion is the version of the data.object of an event created at
// the given unix second.
func EventVersion(created int64) int64 { return created*Scale + eventSlot }

// IsEventVersion reports whether a version came from an event snapshot.
func IsEventVersion(v int64) bool { return v%Scale == eventSlot }

// VersionSecond returns the second of Stripe's clock a version belongs to.
func VersionSecond(v int64) int64 { return v / Scale }
