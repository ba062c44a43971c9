package gen

import "github.com/stripesync/stripesync/gen/ir"

// addEventsCreatedIndex indexes the events table on "created": the runtime
// prunes it by creation time (stripesync sync --events-retention), and
// readers ask for recent events far more than for old ones.
func addEventsCreatedIndex(s *ir.Schema, resTables map[string]string) {
	t := s.Table(resTables["event"])
	if t == nil {
		return
	}
	c := t.Column("created")
	if c == nil || c.Kind != ir.ColTimestamp {
		return
	}
	name := ident(t.Name+"_created_idx", DefaultPolicy.MaxIdentifier)
	for _, ix := range t.Indexes {
		if ix.Name == name {
			return
		}
	}
	t.Indexes = append(t.Indexes, &ir.Index{Name: name, Columns: []string{c.Name}, Method: "btree"})
}
