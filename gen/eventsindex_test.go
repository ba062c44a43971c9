package gen

import (
	"testing"

	"github.com/stripesync/stripesync/gen/ir"
)

// TestEventsCreatedIndex: the events table, pruned by creation time, gets
// one index on created however often the rule runs; without a created
// timestamp column it gets none.
func TestEventsCreatedIndex(t *testing.T) {
	events := &ir.Table{Name: "events", Columns: []*ir.Column{
		{Name: "id", Type: "text", Kind: ir.ColScalar, Path: []string{"id"}},
		{Name: "created", Type: "timestamptz", Kind: ir.ColTimestamp, Path: []string{"created"}},
	}}
	s := &ir.Schema{Tables: []*ir.Table{events}}
	for range 2 {
		addEventsCreatedIndex(s, map[string]string{"event": "events"}, DefaultPolicy.MaxIdentifier)
	}
	if len(events.Indexes) != 1 || events.Indexes[0].Name != "events_created_idx" ||
		events.Indexes[0].Columns[0] != "created" || events.Indexes[0].Method != "btree" || events.Indexes[0].Where != "" {
		t.Fatalf("events indexes after two runs: %+v", events.Indexes)
	}
	events.Indexes, events.Columns = nil, events.Columns[:1]
	addEventsCreatedIndex(s, map[string]string{"event": "events"}, DefaultPolicy.MaxIdentifier)
	if len(events.Indexes) != 0 {
		t.Errorf("indexed without a created column: %+v", events.Indexes)
	}
}
