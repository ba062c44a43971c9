package gen

import (
	"slices"
	"testing"

	"github.com/stripesync/stripesync/openapi"
)

// TestEventsCreatedIndex: the events table, pruned by creation time, is
// indexed on created, once.
func TestEventsCreatedIndex(t *testing.T) {
	api, err := openapi.LoadPinned()
	if err != nil {
		t.Fatal(err)
	}
	s, err := Build(api)
	if err != nil {
		t.Fatal(err)
	}
	ev := s.Table("events")
	n := 0
	for _, ix := range ev.Indexes {
		if ix.Name == "events_created_idx" && slices.Equal(ix.Columns, []string{"created"}) && ix.Method == "btree" && ix.Where == "" {
			n++
		}
	}
	addEventsCreatedIndex(s, map[string]string{"event": "events"})
	if n != 1 || len(ev.Indexes) != len(s.Table("events").Indexes) {
		t.Errorf("events indexes %+v", ev.Indexes)
	}
}
