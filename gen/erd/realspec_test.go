package erd

import (
	"sync"
	"testing"

	"github.com/stripesync/stripesync/gen"
	"github.com/stripesync/stripesync/gen/ir"
	"github.com/stripesync/stripesync/openapi"
)

var real struct {
	once   sync.Once
	schema *ir.Schema
	files  map[string][]byte
	err    error
}

// realSite builds the model from the pinned spec and emits it, once per run.
func realSite(t *testing.T) (*ir.Schema, map[string][]byte) {
	t.Helper()
	real.once.Do(func() {
		api, err := openapi.LoadPinned()
		if err != nil {
			real.err = err
			return
		}
		if real.schema, real.err = gen.Build(api); real.err == nil {
			real.files, real.err = Emit(real.schema)
		}
	})
	if real.err != nil {
		t.Fatal(real.err)
	}
	return real.schema, real.files
}

// TestPinnedSpec runs every static check on the ERD of the pinned spec.
func TestPinnedSpec(t *testing.T) {
	s, files := realSite(t)
	c, err := newCatalog(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range c.tables {
		for _, p := range []string{tableMDPath(tb.Name), tableHTMLPath(tb.Name)} {
			if files[p] == nil {
				t.Errorf("table %s has no page %s", tb.Name, p)
			}
		}
	}
	links, diagrams, svgs := checkLinks(t, files), checkAllMermaid(t, files), checkXML(t, files)
	checkForeignKeyLinks(t, files, c)
	again, err := Emit(s)
	if err != nil {
		t.Fatal(err)
	}
	for p := range files {
		if string(again[p]) != string(files[p]) {
			t.Errorf("%s differs between two runs", p)
		}
	}
	t.Logf("%d data tables, %d state tables, %d domains, %d files: %d local links, %d Mermaid diagrams, %d SVG documents checked",
		len(c.tables), len(c.state), len(c.domains), len(files), links, diagrams, svgs)
}
