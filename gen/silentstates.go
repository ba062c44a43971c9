package gen

import (
	"slices"

	"github.com/stripesync/stripesync/gen/ir"
	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/openapi"
)

// silentStatesRule names a resource whose objects, while a string field
// holds one of values, still change in Stripe without any event, so the
// re-lister revisits those rows on every incremental walk (see
// runtime/relist): from the oldest such row's created time onward.
type silentStatesRule struct {
	resource, field string
	values          []string
	reason          string
}

// silentStatesRules are the silent-states rules.
var silentStatesRules = []silentStatesRule{
	{"balance_transaction", "status", []string{"pending"},
		"a balance transaction's status moves from pending to available (at available_on) with no event, " +
			"so an incremental re-list starts no later than the oldest stored row with status pending " +
			"and revisits every such row until Stripe lists it as available"},
}

// applySilentStates records the silent-states rules on the model's tables.
// A rule applies where its resource has a table with a top-level list
// taking a created range, a created timestamp column and a text column for
// the field whose enum, when the spec gives one, holds every value.
func applySilentStates(api *openapi.API, s *ir.Schema, resTables map[string]string, maxIdent int) {
	for _, r := range silentStatesRules {
		t := s.Table(resTables[r.resource])
		res := api.Resource(r.resource)
		if t == nil || res == nil || !listsCreated(t) || !hasCreatedColumn(t) {
			continue
		}
		c := fieldColumn(t, r.field)
		if c == nil || c.Kind != ir.ColScalar || c.Type != "text" || !enumHolds(res.Schema, r.field, r.values) {
			continue
		}
		t.SilentStates = &ir.SilentStates{Rule: ruleSilentStates, Reason: r.reason, Column: c.Name,
			Values: slices.Clone(r.values)}
		addSilentIndex(t, c.Name, r.values, maxIdent)
	}
}

// listsCreated reports whether t has a top-level list taking a created range.
func listsCreated(t *ir.Table) bool {
	for _, l := range t.Lists {
		if l.ParentParam == "" && l.Created {
			return true
		}
	}
	return false
}

// hasCreatedColumn reports whether t has a "created" timestamp column.
func hasCreatedColumn(t *ir.Table) bool {
	c := t.Column("created")
	return c != nil && c.Kind == ir.ColTimestamp && slices.Equal(c.Path, []string{"created"})
}

// fieldColumn returns the column holding a top-level field, or nil.
func fieldColumn(t *ir.Table, field string) *ir.Column {
	for _, c := range t.Columns {
		if slices.Equal(c.Path, []string{field}) {
			return c
		}
	}
	return nil
}

// enumHolds reports whether the schema's field is a string whose enum, if
// the spec gives one, holds every value.
func enumHolds(sc *openapi.Schema, field string, values []string) bool {
	p := sc.Property(field)
	if p == nil {
		return false
	}
	fs, _ := p.Schema.Deref()
	if fs.Type != "string" {
		return false
	}
	for _, v := range values {
		if len(fs.Enum) > 0 && !slices.Contains(fs.Enum, v) {
			return false
		}
	}
	return true
}

// addSilentIndex gives t a partial index on "created" over the rows in
// silent states, so the re-lister finds the oldest of them with one probe
// however large the table grows (balance transactions: millions of rows,
// a few thousand pending).
func addSilentIndex(t *ir.Table, column string, values []string, maxIdent int) {
	ss := &syncdb.SilentStates{Column: column, Values: values}
	setIndex(t, &ir.Index{Name: ident(t.Name+"_"+column+"_silent_idx", maxIdent),
		Columns: []string{"created"}, Method: "btree", Where: ss.Predicate()})
}
