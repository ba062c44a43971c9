package ddl

import "fmt"

// cast is a lossless change of a column's type: every value the old type can
// hold, as stripesync stores it, has exactly one value of the new type, and
// Postgres computes it without failing. up and down are USING expressions,
// with %[1]s standing for the quoted column; down casts back and may fail (or
// round) on values written after the upgrade.
type cast struct{ from, to, up, down string }

// casts are the lossless type changes, sorted by from and to. Every other
// type change drops the column and adds it again (lint DS103). Text becomes
// JSONB with to_jsonb (a JSON string), never with a ::jsonb parse, which fails
// on text that is not JSON. Timestamps become the unix seconds Stripe sent.
var casts = []cast{
	{"bigint", "jsonb", "to_jsonb(%[1]s)", "(%[1]s #>> '{}')::bigint"},
	{"bigint", "numeric", "%[1]s::numeric", "round(%[1]s)::bigint"},
	{"bigint", "text", "%[1]s::text", "%[1]s::bigint"},
	{"bigint", "timestamptz", "to_timestamp(%[1]s)", "extract(epoch from %[1]s)::bigint"},
	{"boolean", "jsonb", "to_jsonb(%[1]s)", "(%[1]s #>> '{}')::boolean"},
	{"boolean", "text", "%[1]s::text", "%[1]s::boolean"},
	{"integer", "bigint", "%[1]s::bigint", "%[1]s::integer"},
	{"integer", "numeric", "%[1]s::numeric", "round(%[1]s)::integer"},
	{"integer", "text", "%[1]s::text", "%[1]s::integer"},
	{"numeric", "jsonb", "to_jsonb(%[1]s)", "(%[1]s #>> '{}')::numeric"},
	{"numeric", "text", "%[1]s::text", "%[1]s::numeric"},
	{"text", "jsonb", "to_jsonb(%[1]s)", "%[1]s #>> '{}'"},
	{"timestamptz", "bigint", "extract(epoch from %[1]s)::bigint", "to_timestamp(%[1]s)"},
	{"timestamptz", "jsonb", "to_jsonb(extract(epoch from %[1]s)::bigint)", "to_timestamp((%[1]s #>> '{}')::numeric)"},
}

// findCast returns the lossless cast between two types, or nil.
func findCast(from, to string) *cast {
	for i := range casts {
		if casts[i].from == from && casts[i].to == to {
			return &casts[i]
		}
	}
	return nil
}

// using returns the cast's USING expression for a column, up or down.
func (c *cast) using(column string, up bool) string {
	if up {
		return fmt.Sprintf(c.up, ident(column))
	}
	return fmt.Sprintf(c.down, ident(column))
}
