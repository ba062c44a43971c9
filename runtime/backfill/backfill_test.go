package backfill_test

import (
	"testing"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/runtime/synctest"
)

func TestBackfillMirrorsFake(t *testing.T) {
	fake := synctest.NewFake(t)
	if err := fake.Seed(3000); err != nil {
		t.Fatal(err)
	}
	db := synctest.NewDB(t)
	b := newBackfiller(t, db, fake.URL(), fake.Clock())
	if err := b.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	if p := b.Progress(); !p.Done || p.Objects == 0 {
		t.Errorf("progress %+v", p)
	}
	d := synctest.AssertMirrors(t, db, generated.Registry, fake.State())
	t.Logf("%s", d)
}
