// Package gen builds the database model (package ir) from Stripe's OpenAPI
// spec by ordered, named rules, and hands it to the emitters.
package gen

// Policy holds every threshold of the table-definition policy in one place.
type Policy struct {
	// MaxFlattenColumns is the most columns one nested object may flatten into;
	// a larger object is stored as one JSONB column.
	MaxFlattenColumns int
	// MaxFlattenDepth is the deepest nesting (in object levels below the
	// resource) that is still flattened; deeper objects become JSONB.
	MaxFlattenDepth int
	// MaxIdentifier is PostgreSQL's identifier limit in bytes (NAMEDATALEN-1).
	MaxIdentifier int
}

// DefaultPolicy is the policy stripesync ships with. Thirty columns keep
// Sigma-style flattening of addresses, shipping, outcome and embedded prices
// while sending payment method details and other large trees to JSONB.
var DefaultPolicy = Policy{
	MaxFlattenColumns: 30,
	MaxFlattenDepth:   3,
	MaxIdentifier:     63,
}
