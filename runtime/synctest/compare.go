package synctest

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/runtime/stripetest"
)

// Diff is what Compare found between the database and the fake's state.
type Diff struct {
	// Missing maps a table to ids live in the fake but absent from it.
	Missing map[string][]string
	// Extra maps a table to ids it holds that are not live in the fake.
	Extra map[string][]string
	// Stale maps a table to ids whose stored content differs from the fake's.
	Stale map[string][]string
	// Details describes the first stale rows field by field.
	Details []string
	// Compared is the number of live fake objects checked.
	Compared int
	// Unmapped counts fake objects of resources without a single table.
	Unmapped map[string]int
}

// Empty reports whether the database mirrors the fake.
func (d *Diff) Empty() bool { return len(d.Missing)+len(d.Extra)+len(d.Stale) == 0 }

// String summarises the differences.
func (d *Diff) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "compared %d objects", d.Compared)
	for _, part := range []struct {
		name string
		m    map[string][]string
	}{{"missing", d.Missing}, {"extra", d.Extra}, {"stale", d.Stale}} {
		for _, t := range sortedKeys(part.m) {
			ids := part.m[t]
			fmt.Fprintf(&b, "\n%s %s: %d (e.g. %s)", part.name, t, len(ids), strings.Join(ids[:min(3, len(ids))], ", "))
		}
	}
	for _, s := range d.Details {
		b.WriteString("\n  " + s)
	}
	return b.String()
}

// CompareOptions tune Compare.
type CompareOptions struct {
	// SkipTables are data tables not to check (default: events).
	SkipTables []string
	// MaxDetails bounds Details (default 10).
	MaxDetails int
}

// AssertMirrors fails the test unless the database mirrors the snapshot.
func AssertMirrors(t testing.TB, db *DB, reg *syncdb.Registry, sn stripetest.Snapshot) *Diff {
	t.Helper()
	d, err := Compare(context.Background(), db, reg, sn, CompareOptions{})
	if err != nil {
		t.Fatalf("synctest: compare: %v", err)
	}
	if !d.Empty() {
		t.Errorf("synctest: database differs from the fake: %s", d)
	}
	return d
}

// Compare checks every data table against the fake's snapshot: each live
// object must have a row whose content hash (or, when the JSON text
// differs, whose rebuilt JSON) matches the object, and no table may hold a
// row that is not live in the fake.
func Compare(ctx context.Context, db *DB, reg *syncdb.Registry, sn stripetest.Snapshot, opts CompareOptions) (*Diff, error) {
	if opts.SkipTables == nil {
		opts.SkipTables = []string{"events"}
	}
	if opts.MaxDetails == 0 {
		opts.MaxDetails = 10
	}
	d := &Diff{Missing: map[string][]string{}, Extra: map[string][]string{}, Stale: map[string][]string{}, Unmapped: map[string]int{}}
	c := &comparer{ctx: ctx, db: db, reg: reg, opts: opts, diff: d}
	for res, objs := range sn.Objects {
		if t := c.table(res); t == nil {
			d.Unmapped[res] += len(objs)
		}
	}
	for _, t := range reg.Tables {
		if contains(opts.SkipTables, t.Name) || t.Kind == syncdb.KindPreview {
			continue
		}
		want := sn.Objects[t.Resource]
		if c.table(t.Resource) != t {
			want = nil
		}
		if err := c.compareTable(t, want); err != nil {
			return nil, err
		}
	}
	return d, nil
}

type comparer struct {
	ctx  context.Context
	db   *DB
	reg  *syncdb.Registry
	opts CompareOptions
	diff *Diff
}

// table returns the one table holding a resource's objects, or nil.
func (c *comparer) table(resource string) *syncdb.Table {
	var found *syncdb.Table
	for _, t := range c.reg.Tables {
		if t.Resource == resource && t.Kind != syncdb.KindPreview {
			if found != nil {
				return nil
			}
			found = t
		}
	}
	return found
}

// compareTable compares one table's rows with the fake's objects.
func (c *comparer) compareTable(t *syncdb.Table, want map[string]json.RawMessage) error {
	have, err := c.hashes(t)
	if err != nil {
		return err
	}
	for id, raw := range want {
		c.diff.Compared++
		h, ok := have[id]
		if !ok {
			c.diff.Missing[t.Name] = append(c.diff.Missing[t.Name], id)
			continue
		}
		if err := c.compareRow(t, id, raw, h); err != nil {
			return err
		}
	}
	for id := range have {
		if _, ok := want[id]; !ok {
			c.diff.Extra[t.Name] = append(c.diff.Extra[t.Name], id)
		}
	}
	sortIDs(c.diff.Missing[t.Name])
	sortIDs(c.diff.Extra[t.Name])
	sortIDs(c.diff.Stale[t.Name])
	return nil
}

// compareRow checks one stored row against the fake's JSON: equal content
// hashes prove equality; otherwise the rebuilt row must match field by field.
func (c *comparer) compareRow(t *syncdb.Table, id string, raw []byte, have int64) error {
	obj, err := t.Decode(raw, syncdb.Meta{Version: 1, APIVersion: c.reg.APIVersion})
	if err != nil {
		return fmt.Errorf("synctest: decode fake %s %s: %w", t.Name, id, err)
	}
	if obj.Row != nil && obj.Row.Info().Hash == have {
		return nil
	}
	rebuilt, err := c.db.Store.Rebuild(c.ctx, c.db.Pool, t, obj.Row.Info().Key)
	if err != nil {
		return fmt.Errorf("synctest: rebuild %s %s: %w", t.Name, id, err)
	}
	diffs := jsonDiff(t, rebuilt, raw)
	if len(diffs) == 0 {
		return nil
	}
	c.diff.Stale[t.Name] = append(c.diff.Stale[t.Name], id)
	if len(c.diff.Details) < c.opts.MaxDetails {
		c.diff.Details = append(c.diff.Details, fmt.Sprintf("%s %s: %s", t.Name, id, strings.Join(diffs[:min(4, len(diffs))], "; ")))
	}
	return nil
}

// hashes reads id -> content hash of a table.
func (c *comparer) hashes(t *syncdb.Table) (map[string]int64, error) {
	q := `SELECT "id", coalesce("` + syncdb.HashColumn + `", 0) FROM ` + quote(DataSchema, t.Name)
	rows, err := c.db.Pool.Query(c.ctx, q)
	if err != nil {
		return nil, fmt.Errorf("synctest: read %s: %w", t.Name, err)
	}
	out := map[string]int64{}
	var id string
	var h int64
	_, err = pgx.ForEachRow(rows, []any{&id, &h}, func() error { out[id] = h; return nil })
	if err != nil {
		return nil, fmt.Errorf("synctest: read %s: %w", t.Name, err)
	}
	return out, nil
}

func sortedKeys(m map[string][]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sortIDs(ids []string) { sort.Strings(ids) }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
