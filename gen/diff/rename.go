package diff

import (
	"slices"

	"github.com/stripesync/stripesync/gen/ir"
)

// The rename rule. A column is renamed, keeping its values, only where the
// spec makes it certain that the new column would hold the very same values:
//
//   - both columns are in the same table and read the same JSON field (equal,
//     non-empty Path);
//   - they have the same Postgres type and nullability;
//   - they derive the same value from that field: the same kind, or a plain
//     string field that became an expandable reference (an unexpanded
//     reference is that string, and the reference column stores the id
//     whether or not it came expanded), or the other way round;
//   - each is the only candidate of the other.
//
// At dahlia, for example, invoice_items.pricing.price_details.price becomes
// expandable: pricing_price_details_price is renamed to
// pricing_price_details_price_id.
//
// A field that moves to another path is never a rename, however alike the
// names look: basil moves invoice.subscription to
// invoice.parent.subscription_details.subscription, but the spec does not say
// the values are equal for every invoice, so subscription_id is dropped and
// the new column is filled by the re-backfill. Stripe's spec declares no
// renames, so nothing else is certain.

// pairRenames returns, for each dropped column that is renamed, the added
// column it becomes.
func pairRenames(gone, added []*ir.Column) map[*ir.Column]*ir.Column {
	out := map[*ir.Column]*ir.Column{}
	for _, old := range gone {
		cands := candidates(old, added)
		if len(cands) != 1 || len(candidates(cands[0], gone)) != 1 {
			continue
		}
		out[old] = cands[0]
	}
	return out
}

// candidates returns the columns of list that c could be renamed to or from.
func candidates(c *ir.Column, list []*ir.Column) []*ir.Column {
	var out []*ir.Column
	for _, x := range list {
		if sameValue(c, x) {
			out = append(out, x)
		}
	}
	return out
}

// sameValue reports whether two columns store the same value for any object.
func sameValue(a, b *ir.Column) bool {
	return len(a.Path) > 0 && slices.Equal(a.Path, b.Path) &&
		a.Type == b.Type && a.Nullable == b.Nullable &&
		valueClass(a) == valueClass(b)
}

// valueClass groups column derivations that give equal values: a string
// scalar and a reference id, an array of strings and an array of ids.
func valueClass(c *ir.Column) string {
	switch {
	case c.Kind == ir.ColRefID, c.Kind == ir.ColScalar && c.ScalarType == "string":
		return "string or id"
	case c.Kind == ir.ColRefIDs, c.Kind == ir.ColArray && c.ScalarType == "string":
		return "strings or ids"
	}
	return string(c.Kind) + " " + c.ScalarType
}
