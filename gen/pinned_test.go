package gen_test

import (
	"sync"
	"testing"

	"github.com/stripesync/stripesync/gen"
	"github.com/stripesync/stripesync/gen/ir"
	"github.com/stripesync/stripesync/openapi"
)

var pinned struct {
	once sync.Once
	api  *openapi.API
	s    *ir.Schema
	err  error
}

// pinnedSchema loads the pinned spec and builds its model once per test binary.
func pinnedSchema(t testing.TB) (*openapi.API, *ir.Schema) {
	t.Helper()
	pinned.once.Do(func() {
		pinned.api, pinned.err = openapi.LoadPinned()
		if pinned.err == nil {
			pinned.s, pinned.err = gen.Build(pinned.api)
		}
	})
	if pinned.err != nil {
		t.Fatal(pinned.err)
	}
	return pinned.api, pinned.s
}

// tablesOf maps each resource to the data tables holding it.
func tablesOf(s *ir.Schema) map[string][]*ir.Table {
	out := map[string][]*ir.Table{}
	for _, t := range s.Tables {
		if t.Schema == "data" && t.Kind != ir.KindPreview {
			out[t.Resource] = append(out[t.Resource], t)
		}
	}
	return out
}

// TestEveryResourceHasTable: every resource with an id that is listable (top
// level or under a parent) or carried by an event has a table.
func TestEveryResourceHasTable(t *testing.T) {
	api, s := pinnedSchema(t)
	have := tablesOf(s)
	need := 0
	for _, r := range api.Resources {
		if !r.HasID || r.DeletedOf != "" || (len(r.Lists) == 0 && len(r.EventTypes) == 0) {
			continue
		}
		need++
		if len(have[r.Name]) == 0 {
			t.Errorf("resource %s (lists %d, events %d) has no table", r.Name, len(r.Lists), len(r.EventTypes))
		}
	}
	data := 0
	for _, tb := range s.Tables {
		if tb.Schema == "data" {
			data++
		}
	}
	t.Logf("%d resources need a table; %d data tables in all (API %s)", need, data, api.Version)
	if need < 90 {
		t.Errorf("only %d resources qualify; the pinned spec has 90+", need)
	}
}

// TestEveryEventTypeRoutes: every GA event type whose object has a table is
// listed on that table, so the runtime knows which events feed it.
func TestEveryEventTypeRoutes(t *testing.T) {
	api, s := pinnedSchema(t)
	have := tablesOf(s)
	routed := 0
	for _, et := range api.EventTypes {
		for _, obj := range api.EventObjects(et) {
			for _, tb := range have[obj] {
				if tb.Kind == ir.KindChild && tb.Parent != nil && len(tb.PrimaryKey) > 1 {
					continue
				}
				routed++
				found := false
				for _, e := range tb.EventTypes {
					found = found || e == et
				}
				if !found {
					t.Errorf("event %s carries %s but table %s does not list it", et, obj, tb.Name)
				}
			}
		}
	}
	t.Logf("%d event-to-table routes checked for %d event types", routed, len(api.EventTypes))
}

// TestIdentifiersFit: every identifier fits PostgreSQL's 63-byte limit and
// every table and column name is unique.
func TestIdentifiersFit(t *testing.T) {
	_, s := pinnedSchema(t)
	for _, tb := range s.Tables {
		if len(tb.Name) > 63 {
			t.Errorf("table %s longer than 63 bytes", tb.Name)
		}
		for _, c := range tb.Columns {
			if len(c.Name) > 63 {
				t.Errorf("%s.%s longer than 63 bytes", tb.Name, c.Name)
			}
			if c.Rule == "" || c.Reason == "" {
				t.Errorf("%s.%s has no rule or reason", tb.Name, c.Name)
			}
		}
		for _, ix := range tb.Indexes {
			if len(ix.Name) > 63 {
				t.Errorf("index %s longer than 63 bytes", ix.Name)
			}
		}
	}
}

// BenchmarkGenerate measures loading the full pinned spec and building the model.
func BenchmarkGenerate(b *testing.B) {
	for i := 0; i < b.N; i++ {
		api, err := openapi.LoadPinned()
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := gen.Generate(api, goldenOutputs); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPinnedEventsCreatedIndex: at the pinned version the events table
// carries the index the runtime prunes it through.
func TestPinnedEventsCreatedIndex(t *testing.T) {
	_, s := pinnedSchema(t)
	for _, ix := range s.Table("events").Indexes {
		if ix.Name == "events_created_idx" && len(ix.Columns) == 1 && ix.Columns[0] == "created" {
			return
		}
	}
	t.Errorf("events has no index on created: %+v", s.Table("events").Indexes)
}
