package syncdb_test

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/internal/syncdb"
)

// TestFixturesRoundTrip decodes every stripe-mock fixture whose resource has
// a table, upserts it, reads it back and rebuilds the JSON: it must equal
// the fixture up to key order and null-versus-absent. Fixtures are written
// one at a time, each newer than the last, and read back at once, since they
// reference each other (a transfer's empty reversal list and a reversal of
// that transfer); objects embedding lists of other resources go first, as
// their lists are rebuilt from those resources' tables.
func TestFixturesRoundTrip(t *testing.T) {
	fx := fixtures(t)
	db := newDB(t, "stripe", "stripesync")
	exact := 0
	for i, table := range embeddersFirst(generated.Registry.Tables) {
		raw, ok := fx[table.Resource]
		if !ok {
			t.Errorf("%s: no fixture for resource %s", table.Name, table.Resource)
			continue
		}
		raw = withID(t, raw, "fixture_"+table.Name)
		obj := decode(t, table, raw, syncdb.Meta{Version: int64(i + 1), APIVersion: generated.APIVersion, ParentID: "parent_1"})
		if obj.Deleted {
			t.Errorf("%s: fixture decoded as a deletion", table.Name)
			continue
		}
		if keys := extraKeys(t, table, obj.Row); len(keys) > 0 {
			t.Logf("%s: _extra holds %s", table.Name, strings.Join(keys, ", "))
		}
		var b syncdb.Batch
		b.Add(obj)
		db.write(t, &b)
		got := db.rebuild(t, table, strings.Split(obj.Row.Info().Key, "\x00")...)
		if d := diff(table.Resource, normalize(t, raw), got); len(d) > 0 {
			t.Errorf("%s: %d differences (fixture vs rebuilt):\n  %s", table.Name, len(d), strings.Join(d, "\n  "))
			continue
		}
		exact++
	}
	t.Logf("%d of %d tables round-trip their fixture exactly", exact, len(generated.Registry.Tables))
}

// withID gives a fixture whose id is empty (product_feature) an id.
func withID(t *testing.T, raw []byte, id string) []byte {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	if string(m["id"]) != `""` {
		return raw
	}
	m["id"], _ = json.Marshal(id)
	out, _ := json.Marshal(m)
	return out
}

// embeddersFirst orders tables whose objects embed lists of other resources'
// objects before the rest.
func embeddersFirst(tables []*syncdb.Table) []*syncdb.Table {
	out := append([]*syncdb.Table(nil), tables...)
	embeds := func(t *syncdb.Table) bool {
		for _, nl := range t.NestedLists {
			for _, item := range nl.Tables {
				if item.Kind != syncdb.KindChild {
					return true
				}
			}
		}
		return false
	}
	sort.SliceStable(out, func(i, j int) bool { return embeds(out[i]) && !embeds(out[j]) })
	return out
}

// extraKeys lists the paths kept in a row's _extra, marking those the table
// has a column for (off-shape values, expanded references).
func extraKeys(t *testing.T, table *syncdb.Table, r syncdb.Row) []string {
	vals := r.Pointers(nil)
	var extra map[string]any
	for i, c := range table.Columns {
		if c.Name == "_extra" {
			if raw := *vals[i].(*json.RawMessage); raw != nil {
				if err := json.Unmarshal(raw, &extra); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	known := map[string]bool{}
	for _, c := range table.Columns {
		if len(c.Path) > 0 {
			known[strings.Join(c.Path, ".")] = true
		}
	}
	var out []string
	var walk func(prefix string, m map[string]any)
	walk = func(prefix string, m map[string]any) {
		for k, v := range m {
			p := prefix + k
			if sub, ok := v.(map[string]any); ok && !known[p] {
				walk(p+".", sub)
				continue
			}
			if known[p] {
				p += " (has a column)"
			}
			out = append(out, p)
		}
	}
	walk("", extra)
	sort.Strings(out)
	return out
}
