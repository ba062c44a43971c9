package stripetest

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"
)

func TestSeedSpreadsAcrossResourcesWithIncreasingCreated(t *testing.T) {
	s := NewTestServer(t)
	if err := s.Seed(3000); err != nil {
		t.Fatal(err)
	}
	sn := s.State()
	if sn.Total() != 3000 {
		t.Fatalf("seeded %d objects", sn.Total())
	}
	if n := len(sn.Objects); n < 10 {
		t.Fatalf("seeded %d resources, want >= 10", n)
	}
	if len(s.Events()) != 0 {
		t.Errorf("seeding emits no events by default")
	}
	var created []int64
	for _, objs := range sn.Objects {
		for _, raw := range objs {
			var o struct {
				Created *int64 `json:"created"`
			}
			_ = json.Unmarshal(raw, &o)
			if o.Created != nil {
				created = append(created, *o.Created)
			}
		}
	}
	slices.Sort(created)
	if len(slices.Compact(created)) != len(created) {
		t.Errorf("seeded created values repeat")
	}
	if last := created[len(created)-1]; last >= s.Clock().Now().Unix() {
		t.Errorf("seeded objects end before now: %d", last)
	}
}

func TestSeedIsDeterministic(t *testing.T) {
	state := func(seed int64) Snapshot {
		s, err := New(WithSeed(seed))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Seed(500); err != nil {
			t.Fatal(err)
		}
		return s.State()
	}
	a, b, c := state(3), state(3), state(4)
	if !snapshotsEqual(a, b) {
		t.Fatal("same seed, different state")
	}
	if snapshotsEqual(a, c) {
		t.Fatal("different seeds, same state")
	}
}

func snapshotsEqual(a, b Snapshot) bool {
	return maps.EqualFunc(a.Objects, b.Objects, func(x, y map[string]json.RawMessage) bool {
		return maps.EqualFunc(x, y, func(p, q json.RawMessage) bool { return string(p) == string(q) })
	})
}

func TestSeededReferencesResolve(t *testing.T) {
	s := NewTestServer(t)
	if err := s.Seed(2000); err != nil {
		t.Fatal(err)
	}
	sn := s.State()
	refs := map[string][2]string{ // resource -> field, target resource
		"charge": {"customer", "customer"}, "subscription": {"customer", "customer"},
		"price": {"product", "product"}, "line_item": {"invoice", "invoice"},
		"subscription_item": {"subscription", "subscription"}, "refund": {"charge", "charge"},
	}
	for res, ref := range refs {
		for id, raw := range sn.Objects[res] {
			target, _ := field(t, raw, ref[0]).(string)
			if _, ok := sn.Objects[ref[1]][target]; !ok {
				t.Errorf("%s %s: %s=%q is not a seeded %s", res, id, ref[0], target, ref[1])
				break
			}
		}
	}
}

// TestSeed50kFullWalk seeds 50,000 objects and walks every seeded top-level
// list with limit=100, checking each object is served exactly once.
func TestSeed50kFullWalk(t *testing.T) {
	if testing.Short() {
		t.Skip("large seed")
	}
	s := NewTestServer(t)
	if err := s.Seed(50000); err != nil {
		t.Fatal(err)
	}
	sn := s.State()
	for _, res := range []string{"customer", "charge", "line_item", "balance_transaction"} {
		path := map[string]string{"customer": "/v1/customers", "charge": "/v1/charges", "balance_transaction": "/v1/balance_transactions"}[res]
		var ids []string
		if path == "" {
			for inv := range sn.Objects["invoice"] {
				ids = append(ids, walkDown(t, s, "/v1/invoices/"+inv+"/lines", 100)...)
			}
		} else {
			ids = walkDown(t, s, path, 100)
		}
		if len(ids) != sn.Count(res) || len(slices.Compact(slices.Sorted(slices.Values(ids)))) != len(ids) {
			t.Errorf("%s: walked %d (unique %d), state has %d", res, len(ids),
				len(slices.Compact(slices.Sorted(slices.Values(ids)))), sn.Count(res))
		}
	}
}
