package gen

import (
	"slices"

	"github.com/stripesync/stripesync/gen/ir"
)

// addEventsCreatedIndex indexes the events table on "created": the runtime
// prunes it by creation time (stripesync sync --events-retention), and
// readers ask for recent events far more than for old ones.
// maxIdent is the policy's identifier limit.
func addEventsCreatedIndex(s *ir.Schema, resTables map[string]string, maxIdent int) {
	t := s.Table(resTables["event"])
	if t == nil || !hasCreatedColumn(t) {
		return
	}
	setIndex(t, &ir.Index{Name: ident(t.Name+"_created_idx", maxIdent),
		Columns: []string{"created"}, Method: "btree"})
}

// setIndex adds ix to t, replacing an index of the same name, so a rule
// applied twice leaves one index.
func setIndex(t *ir.Table, ix *ir.Index) {
	t.Indexes = slices.DeleteFunc(t.Indexes, func(old *ir.Index) bool { return old.Name == ix.Name })
	t.Indexes = append(t.Indexes, ix)
}
