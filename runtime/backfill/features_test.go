package backfill_test

import (
	"testing"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/runtime/stripetest"
	"github.com/stripesync/stripesync/runtime/synctest"
)

// TestBackfillProductFeatures lists product features through each
// product (/v1/products/{product}/features, a list only under a parent)
// and mirrors them with their product ids.
func TestBackfillProductFeatures(t *testing.T) {
	fake := synctest.NewFake(t)
	want := map[string]int{}
	for range 3 {
		p, err := fake.Create("product", nil)
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if _, err := fake.Create("product_feature", nil, stripetest.Parent(p.ID)); err != nil {
				t.Fatal(err)
			}
			want[p.ID]++
		}
	}
	db := synctest.NewDB(t)
	b := newBackfiller(t, db, fake.URL(), fake.Clock())
	if err := b.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Pool.Query(t.Context(), `SELECT product_id, count(*) FROM `+synctest.DataSchema+`.product_features GROUP BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			t.Fatal(err)
		}
		got[id] = n
	}
	if rows.Err() != nil || len(got) != len(want) {
		t.Fatalf("features per product %v (err %v), want %v", got, rows.Err(), want)
	}
	for id, n := range want {
		if got[id] != n {
			t.Errorf("product %s: %d features, want %d", id, got[id], n)
		}
	}
	synctest.AssertMirrors(t, db, generated.Registry, fake.State())
}
