package syncdb_test

import (
	"encoding/json"
	"testing"

	"github.com/stripe/stripe-mock/embedded"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/internal/syncdb"
)

// fuzzTables are the tables FuzzDecode feeds: the largest decoders and
// those with nested lists, expandable fields and polymorphic ones.
var fuzzTables = []string{"customers", "invoices", "charges", "subscriptions", "payment_intents", "checkout_sessions"}

// FuzzDecode feeds the generated decoders arbitrary bytes (seeded with
// stripe-mock's fixtures): garbage from the API must give an error, never
// a panic, and an accepted object must decode the same way twice (key,
// version and content hash), since the hash decides between snapshots of
// equal version.
func FuzzDecode(f *testing.F) {
	var doc struct {
		Resources map[string]json.RawMessage `json:"resources"`
	}
	if err := json.Unmarshal(embedded.OpenAPIFixtures, &doc); err != nil {
		f.Fatal(err)
	}
	for i, name := range fuzzTables {
		t := generated.Registry.Table(name)
		if t == nil {
			f.Fatalf("no table %s", name)
		}
		f.Add(uint8(i), []byte(doc.Resources[t.Resource]))
	}
	f.Add(uint8(0), []byte(`{"id":"cus_1","object":"customer","metadata":{"a":"\u0000"},"balance":1e400}`))
	f.Add(uint8(1), []byte(`{"id":"in_1","object":"invoice","lines":{"object":"list","data":[{}],"has_more":true}}`))
	f.Fuzz(func(t *testing.T, which uint8, raw []byte) {
		table := generated.Registry.Table(fuzzTables[int(which)%len(fuzzTables)])
		m := syncdb.Meta{Version: 7, APIVersion: generated.APIVersion}
		a, err := table.Decode(raw, m)
		if err != nil {
			return
		}
		b, err := table.Decode(raw, m)
		if err != nil {
			t.Fatalf("accepted once, refused the second time: %v", err)
		}
		if a.Deleted != b.Deleted || (a.Row == nil) != (b.Row == nil) {
			t.Fatalf("two decodes differ: deleted %v/%v", a.Deleted, b.Deleted)
		}
		if a.Row != nil && a.Row.Info() != b.Row.Info() {
			t.Fatalf("two decodes differ: %+v vs %+v", a.Row.Info(), b.Row.Info())
		}
		var batch syncdb.Batch
		batch.Add(a)
		_ = batch.Len()
	})
}
