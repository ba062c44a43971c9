package ddl_test

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pressly/goose/v3"

	"github.com/stripesync/stripesync/gen/ddl"
	"github.com/stripesync/stripesync/gen/diff"
	"github.com/stripesync/stripesync/gen/ir"
	"github.com/stripesync/stripesync/internal/pgcatalog"
)

// upgradeSteps are the real API upgrades, by stripe-mock module version.
var upgradeSteps = [][2]string{
	{"v0.190.0", "v0.195.0"}, // acacia -> basil
	{"v0.195.0", "v0.197.0"}, // basil -> clover 2025-09-30
	{"v0.197.0", "v0.199.0"}, // clover -> clover 2025-11-17
	{"v0.199.0", "v0.202.0"}, // clover -> dahlia 2026-05-27
}

// TestUpgradeRealSpecs installs each previous version fresh, fills every
// table from its fixtures, generates the step's migration and applies it:
// every surviving value is unchanged, the schema equals a fresh install of
// the new version, the re-backfill rows name the changed tables, and Down
// gives back the previous schema.
func TestUpgradeRealSpecs(t *testing.T) {
	if testing.Short() {
		t.Skip("loads five real specs")
	}
	for _, step := range upgradeSteps {
		t.Run(mockVersions[step[0]]+"_to_"+mockVersions[step[1]], func(t *testing.T) {
			t.Parallel()
			testUpgradeStep(t, step[0], step[1])
		})
	}
}

// upgradeRun is one step's databases and files.
type upgradeRun struct {
	from, to *ir.Schema
	diff     *diff.Diff
	root     string
	db       *sql.DB
	sql      string // the generated migration
}

const dataSchema, stateSchema = "stripe", "stripesync"

func testUpgradeStep(t *testing.T, fromV, toV string) {
	ctx := context.Background()
	r := &upgradeRun{root: t.TempDir(), db: openDB(t)}
	var fixtures map[string]map[string]any
	r.from, fixtures = loadReal(t, fromV)
	r.to, _ = loadReal(t, toV)
	r.diff = diff.Compare(r.from, r.to)
	writeTree(t, r.root, emitFrom(t, nil, r.from))
	up(t, r.provider(t))
	fillTables(t, r.db, r.from, fixtures, dataSchema, stateSchema)
	before := readCatalog(t, r.db, dataSchema, stateSchema)
	rows := dumpTables(t, r.db, r.from, dataSchema, stateSchema)

	r.generate(t)
	p := r.provider(t)
	up(t, p)
	r.assertValuesKept(t, rows, false)
	r.assertFreshSchema(t)
	r.assertRebackfill(t)
	if check := stepChecks[r.to.APIVersion]; check != nil {
		check(t, r)
	}
	if _, err := p.DownTo(ctx, 1); err != nil {
		t.Fatalf("down: %v", err)
	}
	if d := pgcatalog.Diff(before, readCatalog(t, r.db, dataSchema, stateSchema)); len(d) != 0 {
		t.Errorf("after Down the schema differs from before the upgrade:\n%s", strings.Join(d, "\n"))
	}
	r.assertValuesKept(t, rows, true)
}

func (r *upgradeRun) provider(t *testing.T) *goose.Provider {
	return provider(t, r.db, filepath.Join(r.root, "migrations"), dataSchema, stateSchema)
}

// generate emits the step's migration twice from the committed files,
// checking the two are byte-identical, and writes it.
func (r *upgradeRun) generate(t *testing.T) {
	t.Helper()
	files := emitFrom(t, os.DirFS(r.root), r.to)
	again := emitFrom(t, os.DirFS(r.root), r.to)
	path := ddl.NextPath(1, r.to.APIVersion)
	if got := sqlPaths(files); len(got) != 1 || got[0] != path {
		t.Fatalf("emitted migrations %v, want %s", got, path)
	}
	for p := range files {
		if !bytes.Equal(files[p], again[p]) {
			t.Errorf("%s differs between two runs", p)
		}
	}
	r.sql = string(files[path])
	writeTree(t, r.root, files)
	if later := emitFrom(t, os.DirFS(r.root), r.to); len(sqlPaths(later)) != 0 {
		t.Errorf("generating again emitted %v", sqlPaths(later))
	}
}

// assertValuesKept checks that every value the rows held before the upgrade
// is still there, row by row, in each column that survives the upgrade (by
// name and type, or renamed): after Up under its new name, after Down
// (downed) under its old one.
func (r *upgradeRun) assertValuesKept(t *testing.T, before map[string]map[string]map[string]any, downed bool) {
	t.Helper()
	s := r.to
	if downed {
		s = r.from
	}
	after := dumpTables(t, r.db, s, dataSchema, stateSchema)
	renamed := renames(r.diff)
	compared, missing := 0, 0
	for _, old := range r.from.Tables {
		now := r.to.Table(old.Name)
		if now == nil || !slices.Equal(now.PrimaryKey, old.PrimaryKey) {
			continue
		}
		for key, row := range before[old.Name] {
			got, ok := after[old.Name][key]
			if !ok {
				t.Errorf("table %s: row %s lost", old.Name, key)
				continue
			}
			for _, c := range old.Columns {
				name := survivor(old.Name, c, now, renamed)
				if name == "" {
					missing++
					continue
				}
				compared++
				if downed {
					name = c.Name
				}
				if !reflect.DeepEqual(row[c.Name], got[name]) {
					t.Errorf("table %s: row %s: column %s: %v, was %v", old.Name, key, name, got[name], row[c.Name])
				}
			}
		}
	}
	t.Logf("%d values compared, %d in columns that do not survive", compared, missing)
}

// survivor returns the name under which column c of table lives in now, if
// it survives with its type.
func survivor(table string, c *ir.Column, now *ir.Table, renamed map[string]string) string {
	name := c.Name
	if n, ok := renamed[table+"."+c.Name]; ok {
		name = n
	}
	if nc := now.Column(name); nc != nil && nc.Type == c.Type {
		return name
	}
	return ""
}

// renames maps "table.old" to the new name of each renamed column.
func renames(d *diff.Diff) map[string]string {
	out := map[string]string{}
	for _, c := range d.Changes {
		if rc, ok := c.(*diff.RenameColumn); ok {
			out[rc.Table.Name+"."+rc.From.Name] = rc.To.Name
		}
	}
	return out
}

// assertFreshSchema compares the migrated schema with a fresh install of
// the new version in another database.
func (r *upgradeRun) assertFreshSchema(t *testing.T) {
	t.Helper()
	fresh := openDB(t)
	root := t.TempDir()
	writeTree(t, root, emitFrom(t, nil, r.to))
	up(t, provider(t, fresh, filepath.Join(root, "migrations"), dataSchema, stateSchema))
	want := readCatalog(t, fresh, dataSchema, stateSchema)
	if d := pgcatalog.Diff(want, readCatalog(t, r.db, dataSchema, stateSchema)); len(d) != 0 {
		t.Errorf("migrated schema differs from a fresh install:\n%s", strings.Join(d, "\n"))
	}
}

// assertRebackfill checks the rows Up recorded: one per table of the diff's
// re-backfill list, with its reason and the new API version.
func (r *upgradeRun) assertRebackfill(t *testing.T) {
	t.Helper()
	var want []string
	for _, rb := range r.diff.Rebackfill() {
		want = append(want, rb.Table+": "+rb.Reason()+" @ "+r.to.APIVersion)
	}
	slices.Sort(want)
	rows, err := r.db.Query(`SELECT table_name || ': ' || reason || ' @ ' || api_version FROM stripesync.rebackfill
		WHERE api_version = $1 ORDER BY 1`, r.to.APIVersion)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		got = append(got, s)
	}
	if !slices.Equal(got, want) || len(got) == 0 {
		t.Errorf("rebackfill rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
