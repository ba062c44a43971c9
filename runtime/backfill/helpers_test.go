package backfill_test

import (
	"testing"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/runtime/backfill"
	"github.com/stripesync/stripesync/runtime/source"
	"github.com/stripesync/stripesync/runtime/stripeclient"
	"github.com/stripesync/stripesync/runtime/synctest"
)

// newBackfiller builds a backfiller over db reading from baseURL.
func newBackfiller(t testing.TB, db *synctest.DB, baseURL string, clock source.Clock, edit ...func(*backfill.Config)) *backfill.Backfiller {
	t.Helper()
	c := synctest.NewClient(t, baseURL)
	return newBackfillerWith(t, db, c, clock, edit...)
}

func newBackfillerWith(t testing.TB, db *synctest.DB, c *stripeclient.Client, clock source.Clock, edit ...func(*backfill.Config)) *backfill.Backfiller {
	t.Helper()
	src, err := source.New(source.Config{Client: c, Registry: generated.Registry, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	cfg := backfill.Config{DB: db.Pool, Source: src, Store: db.Store, State: db.State, DataSchema: synctest.DataSchema}
	for _, f := range edit {
		f(&cfg)
	}
	b, err := backfill.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
