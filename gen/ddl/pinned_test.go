package ddl_test

import (
	"context"
	"testing"

	"github.com/stripesync/stripesync/gen"
	"github.com/stripesync/stripesync/openapi"
)

// TestPinnedSpec builds the model from the pinned Stripe spec, emits its
// migration and runs it up, down and up on a fresh database, comparing the
// catalog with the model each time it is up.
func TestPinnedSpec(t *testing.T) {
	if testing.Short() {
		t.Skip("full spec: skipped with -short")
	}
	api, err := openapi.LoadPinned()
	if err != nil {
		t.Fatal(err)
	}
	s, err := gen.Build(api)
	if err != nil {
		t.Fatal(err)
	}
	const data, state = "stripe_data", "stripe_state"
	db := openDB(t)
	p := provider(t, db, writeFiles(t, s), data, state)
	up(t, p)
	assertMatches(t, db, s, data, state)
	if _, err := p.DownTo(context.Background(), 0); err != nil {
		t.Fatalf("down: %v", err)
	}
	if got := readCatalog(t, db, data, state); len(got.Tables) != 0 {
		t.Errorf("after down: %d tables left", len(got.Tables))
	}
	up(t, p)
	assertMatches(t, db, s, data, state)
}
