package backfill_test

import (
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/stripesync/stripesync/runtime/backfill"
	"github.com/stripesync/stripesync/runtime/synctest"
)

// TestWalkTableSince: TableSince moves a table's created range earlier,
// never later, and does nothing without CreatedSince.
func TestWalkTableSince(t *testing.T) {
	fake := synctest.NewFake(t)
	db := synctest.NewDB(t)
	b := newBackfiller(t, db, fake.URL(), fake.Clock(), func(c *backfill.Config) {
		c.Tables = []string{"balance_transactions", "customers"}
	})
	since := fake.Clock().Now().Add(-time.Hour).Truncate(time.Second)
	tables := map[string]time.Time{"balance_transactions": since.Add(-24 * time.Hour), "customers": since.Add(time.Minute)}
	walk := func(opts backfill.WalkOptions) map[string]string {
		fake.ResetRequests()
		opts.TableSince = tables
		if _, err := b.Walk(t.Context(), opts); err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, r := range fake.Requests() {
			q, _ := url.ParseQuery(r.Query)
			got[r.Path] = q.Get("created[gte]")
		}
		return got
	}
	got := walk(backfill.WalkOptions{CreatedSince: since})
	if want := since.Add(-24 * time.Hour).Unix(); got["/v1/balance_transactions"] != itoa(want) {
		t.Errorf("balance transactions created[gte]=%q, want %d", got["/v1/balance_transactions"], want)
	}
	if got["/v1/customers"] != itoa(since.Unix()) {
		t.Errorf("customers created[gte]=%q, want %d (a later table time is ignored)", got["/v1/customers"], since.Unix())
	}
	for path, v := range walk(backfill.WalkOptions{}) {
		if v != "" {
			t.Errorf("%s: created[gte]=%s in a walk without CreatedSince", path, v)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
