package upgradetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/internal/pgtest"
	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/openapi"
	"github.com/stripesync/stripesync/runtime/stripetest"
)

// The upgrade under test.
const (
	basilVersion  = "2025-05-28.basil"
	cloverVersion = "2025-09-30.clover"
	// cloverModule is the stripe-mock release embedding cloverVersion.
	cloverModule = "v0.197.0"
)

// cloverMigration is the migration stripegen writes for the upgrade: the
// one after the newest this (basil) build embeds.
func cloverMigration() string {
	return fmt.Sprintf("%05d_2025_09_30_clover.sql", basilMigration()+1)
}

// Test sizes.
const (
	seedObjects = 3000
	fakeSeed    = 20250930
)

// wantRebackfill are tables holding seeded objects whose columns change at
// clover: the migration must record each for a re-backfill.
var wantRebackfill = []string{
	"checkout_sessions", "customers", "invoice_items", "payment_intents", "payment_methods", "payouts",
	"promotion_codes", "quotes", "subscription_items", "subscription_schedules", "subscriptions",
}

// wantStaleAfterMigrate are tables whose rows the migration leaves behind
// the fake's clover state (so only a re-backfill makes the database equal
// to the fake): basil wrote a customer's discount coupon, clover's is under
// discount.source; promotion codes move coupon under promotion; and so on.
var wantStaleAfterMigrate = []string{"customers", "promotion_codes", "subscriptions"}

// seedPlan is stripetest's default mix plus resources whose tables change
// at clover.
func seedPlan() map[string]int {
	plan := maps.Clone(stripetest.DefaultSeedPlan)
	for _, r := range []string{"checkout.session", "subscription_schedule", "quote", "payment_link",
		"billing_portal.configuration", "terminal.location", "terminal.reader", "terminal.configuration",
		"identity.verification_session", "issuing.card"} {
		plan[r] = max(plan[r], 2)
	}
	plan["promotion_code"] = 3
	return plan
}

// TestUpgradeBasilToClover is issue 6's end-to-end upgrade: sync at basil
// from stripetest, upgrade to clover, run sync: the changed tables are
// re-backfilled and the database equals the fake's state.
//
//  1. Build stripesync and stripegen from the repository (basil). In the
//     background, copy the working tree, run `stripegen generate --spec
//     <spec3.json of stripe-mock v0.197.0> --root <copy>` (writing
//     migrations/0000N_2025_09_30_clover.sql, the snapshot, generated/ and
//     erd/), and build the copy's stripesync and this package's tests (the
//     comparison helper, which needs clover's generated registry).
//  2. Seed two fakes with the same seed: one at basil, one at clover whose
//     fixtures are clover's shapes holding basil's data (rerenderFixtures),
//     so it is the same account read at clover.
//  3. basil: migrate and backfill; the database equals the basil fake.
//  4. clover sync refuses the database (behind), writing nothing; clover
//     migrate applies it and records the re-backfills; basil refuses the
//     migrated database (ahead), writing nothing. The database is now behind
//     the clover fake, and only in tables the migration recorded.
//  5. The account changes while the syncer is down for the upgrade, with
//     events some of which are rendered at basil (the account's default
//     version has not moved).
//  6. clover sync: re-backfills the recorded tables, follows the events
//     (refetching basil-rendered ones at clover) and the database equals the
//     clover fake. Only the recorded tables were listed again.
func TestUpgradeBasilToClover(t *testing.T) {
	if testing.Short() {
		t.Skip("builds stripesync twice and generates a clover tree (a minute or more)")
	}
	began := time.Now()
	root := repoRoot(t)
	work := t.TempDir()
	specDir := mockDir(t, root, cloverModule)

	// 1. Builds: stripegen first, then the clover tree in the background
	// while the basil stripesync builds and syncs.
	basilBin := filepath.Join(work, "basil", "stripesync")
	stripegen := filepath.Join(work, "stripegen")
	if err := build(t, root, "./cmd/stripegen", stripegen); err != nil {
		t.Fatal(err)
	}
	var clover *cloverBuild
	var cloverErr error
	built := make(chan struct{})
	go func() {
		defer close(built)
		clover, cloverErr = buildClover(t, root, stripegen, specDir, filepath.Join(work, "clover"))
	}()
	t.Cleanup(func() { <-built }) // t.Context() ends first, killing the builds
	if err := build(t, root, "./cmd/stripesync", basilBin); err != nil {
		t.Fatal(err)
	}

	// 2. Fakes: the same account at basil and at clover.
	f1, f2 := newFakes(t, specDir)
	t.Logf("fakes seeded with %d objects (%s)", f1.State().Total(), time.Since(began).Round(time.Second))

	// 3. Sync at basil.
	db := pgtest.NewDatabase(t)
	basilEnv := syncEnv(db, f1.URL())
	if r := run(t, basilBin, basilEnv, "migrate"); r.code != 0 {
		t.Fatalf("basil migrate: %s", r)
	}
	if r := run(t, basilBin, basilEnv, "backfill"); r.code != 0 {
		t.Fatalf("basil backfill: %s", r)
	}
	d, err := compareDB(context.Background(), db, f1.State(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Empty || d.APIVersion != basilVersion {
		t.Fatalf("after the basil backfill the database differs from the basil fake (%s): %s", d.APIVersion, d.Summary)
	}
	if v := f1.StripeVersions(); !slices.Equal(v, []string{basilVersion}) {
		t.Errorf("basil build sent Stripe-Version %v", v)
	}
	t.Logf("basil: database equals the fake: %s (%s)", d.Summary, time.Since(began).Round(time.Second))

	<-built
	if cloverErr != nil {
		t.Fatal(cloverErr)
	}
	checkCloverTree(t, clover)
	t.Logf("clover build ready (%s)", time.Since(began).Round(time.Second))

	// 4. Upgrade.
	before := fingerprint(t, db)
	cloverEnv := syncEnv(db, f2.URL())
	for _, cmd := range []string{"sync", "backfill"} {
		wantOneLine(t, "clover "+cmd+" before migrate", run(t, clover.stripesync, cloverEnv, cmd),
			fmt.Sprintf("database is at migration %d, this build expects %d", basilMigration(), basilMigration()+1), "run `stripesync migrate`")
	}
	if fingerprint(t, db) != before {
		t.Error("the clover build wrote into a database behind it")
	}
	r := run(t, clover.stripesync, cloverEnv, "migrate")
	if r.code != 0 || !strings.Contains(r.stdout, "applied "+cloverMigration()) {
		t.Fatalf("clover migrate: %s", r)
	}
	recorded := rebackfillRows(t, db)
	for table, v := range recorded {
		if v != cloverVersion {
			t.Errorf("re-backfill of %s recorded for API version %q, want %s", table, v, cloverVersion)
		}
	}
	for _, table := range wantRebackfill {
		if _, ok := recorded[table]; !ok {
			t.Errorf("migrate recorded no re-backfill of %s (recorded: %v)", table, sortedKeys(recorded))
		}
	}
	t.Logf("clover migrate recorded %d re-backfills: %v", len(recorded), sortedKeys(recorded))

	migrated := fingerprint(t, db)
	for _, cmd := range []string{"sync", "backfill", "migrate"} {
		wantOneLine(t, "basil "+cmd+" after the upgrade", run(t, basilBin, basilEnv, cmd),
			fmt.Sprintf("database is at migration %d, newer than this build (%d)", basilMigration()+1, basilMigration()), "upgrade stripesync")
	}
	if fingerprint(t, db) != migrated {
		t.Error("the basil build wrote into a database ahead of it")
	}

	// What the upgrade changes: every table the migration leaves behind the
	// clover fake (objects that render differently at clover, or values
	// lost with a dropped column) must have been recorded.
	sn2 := f2.State()
	changed := changedTables(t, f1.State(), sn2)
	t.Logf("tables whose objects render differently at clover: %v", sortedKeys(changed))
	pre := compareWith(t, clover.compare, db, sn2, 0)
	if pre.APIVersion != cloverVersion {
		t.Fatalf("the clover tree's generated registry is at %s", pre.APIVersion)
	}
	if len(pre.Missing)+len(pre.Extra) > 0 {
		t.Errorf("after migrate, rows missing or extra: %s", pre.Summary)
	}
	for table := range pre.Stale {
		if _, ok := recorded[table]; !ok {
			t.Errorf("after migrate, %s is behind the clover fake (objects differ at %s) but migrate recorded no re-backfill of it: %s",
				table, strings.Join(changed[table], ", "), pre.Summary)
		}
	}
	for _, table := range sortedKeys(changed) {
		if _, ok := recorded[table]; !ok && len(pre.Stale[table]) == 0 {
			// The comparison, which reads rows as the clover build stores
			// them, sees no difference: nothing for a re-backfill to fix.
			t.Logf("note: %s renders differently at clover (%s) but its rows already match",
				table, strings.Join(changed[table], ", "))
		}
	}
	for _, table := range wantStaleAfterMigrate {
		if len(pre.Stale[table]) == 0 {
			t.Errorf("after migrate, %s already equals the clover fake: the test would not see a missing re-backfill", table)
		}
	}
	t.Logf("after migrate, behind the clover fake: %s", staleSummary(pre.Stale))

	// 5. The account moves on while the syncer is down.
	moved := mutate(t, f2)

	// 6. Sync at clover.
	f2.ResetRequests()
	syncer := start(t, clover.stripesync, cloverEnv, "sync")
	syncer.waitOutput(t, "following events", 3*time.Minute)
	final := compareWith(t, clover.compare, db, f2.State(), 90*time.Second)
	if code := syncer.terminate(t, time.Minute); code != 0 {
		t.Errorf("clover sync exited %d after SIGTERM; output:\n%s", code, tail(syncer.out.String(), 30))
	}
	if !final.Empty {
		t.Fatalf("after the clover sync the database differs from the clover fake: %s\nsync output:\n%s",
			final.Summary, tail(syncer.out.String(), 30))
	}
	t.Logf("clover: database equals the fake: %s", final.Summary)
	checkAfterSync(t, db, f2, syncer.out.String(), recorded, moved)
	t.Logf("upgrade test done in %s", time.Since(began).Round(time.Second))
}

// newFakes starts the basil fake and the clover fake holding the same
// objects: same seed, same created times (a shared clock held still while
// seeding, real time afterwards), clover's shapes with basil's data.
func newFakes(t *testing.T, specDir string) (basil, clover *stripetest.Server) {
	t.Helper()
	var basilAPI, cloverAPI *openapi.API
	var basilErr, cloverErr error
	var wg sync.WaitGroup
	wg.Go(func() { basilAPI, basilErr = openapi.LoadPinned() })
	wg.Go(func() { cloverAPI, cloverErr = openapi.LoadFile(filepath.Join(specDir, "spec3.json")) })
	wg.Wait()
	if err := errors.Join(basilErr, cloverErr); err != nil {
		t.Fatal(err)
	}
	if cloverAPI.Version != cloverVersion {
		t.Fatalf("%s holds API %s, want %s", specDir, cloverAPI.Version, cloverVersion)
	}
	if basilAPI.Version != basilVersion || generated.APIVersion != basilVersion {
		t.Fatalf("the repository is pinned at %s (generated %s); this test upgrades from %s: move it to the new pin",
			basilAPI.Version, generated.APIVersion, basilVersion)
	}
	fixtures, err := rerenderFixtures(basilAPI, cloverAPI, basilAPI.Fixtures, cloverAPI.Fixtures)
	if err != nil {
		t.Fatal(err)
	}
	clock := &seedClock{at: time.Now().Truncate(time.Second)}
	basil = stripetest.NewTestServer(t, stripetest.WithSeed(fakeSeed), stripetest.WithClock(clock),
		stripetest.WithSpec(basilAPI, basilAPI.Fixtures))
	clover = stripetest.NewTestServer(t, stripetest.WithSeed(fakeSeed), stripetest.WithClock(clock),
		stripetest.WithSpec(cloverAPI, fixtures))
	if basil.APIVersion() != basilVersion || clover.APIVersion() != cloverVersion {
		t.Fatalf("the fakes serve %s and %s", basil.APIVersion(), clover.APIVersion())
	}
	for _, f := range []*stripetest.Server{basil, clover} {
		if err := f.Seed(seedObjects, stripetest.SeedOptions{Plan: seedPlan()}); err != nil {
			t.Fatal(err)
		}
	}
	clock.release()
	s1, s2 := basil.State(), clover.State()
	for res, objs := range s1.Objects {
		for id := range objs {
			if _, ok := s2.Objects[res][id]; !ok {
				t.Fatalf("the fakes hold different objects: %s %s only at basil", res, id)
			}
		}
	}
	if s1.Total() != s2.Total() {
		t.Fatalf("the fakes hold %d and %d objects", s1.Total(), s2.Total())
	}
	return basil, clover
}

// seedClock reads a fixed time until released, then the real time.
type seedClock struct {
	mu       sync.Mutex
	at       time.Time
	released bool
}

func (c *seedClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.released {
		return time.Now()
	}
	return c.at
}

func (c *seedClock) release() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.released = true
}

// checkCloverTree checks what stripegen made of the copy: the clover
// migration, and the version the build pins.
func checkCloverTree(t *testing.T, b *cloverBuild) {
	t.Helper()
	if filepath.Base(b.migration) != cloverMigration() {
		t.Fatalf("stripegen wrote %s, want %s", filepath.Base(b.migration), cloverMigration())
	}
	sql, err := os.ReadFile(b.migration)
	if err != nil {
		t.Fatal(err)
	}
	head := "-- Code generated by stripegen from Stripe API " + cloverVersion + ". DO NOT EDIT.\n"
	if !bytes.HasPrefix(sql, []byte(head)) {
		t.Errorf("%s starts %q", cloverMigration(), sql[:min(len(sql), 100)])
	}
	reg, err := os.ReadFile(filepath.Join(b.tree, "generated", "registry.gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(reg, []byte(`"`+cloverVersion+`"`)) {
		t.Errorf("the clover tree's generated/registry.gen.go does not pin %s", cloverVersion)
	}
}

// changedTables returns the tables (named by the basil registry) holding
// objects whose rendering differs between the two snapshots, with the
// fields that differ in the first such object of each.
func changedTables(t *testing.T, basil, clover stripetest.Snapshot) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for res, objs := range basil.Objects {
		for _, id := range slices.Sorted(maps.Keys(objs)) {
			if paths := diffPaths(objs[id], clover.Objects[res][id]); len(paths) > 0 {
				table := tableOf(generated.Registry, res)
				if table == "" {
					t.Fatalf("no basil table holds %s objects", res)
				}
				out[table] = paths
				break
			}
		}
	}
	return out
}

// diffPaths lists the JSON paths at which two objects differ.
func diffPaths(a, b []byte) []string {
	if bytes.Equal(a, b) {
		return nil
	}
	va, errA := decode(a)
	vb, errB := decode(b)
	if errA != nil || errB != nil {
		return []string{"(undecodable)"}
	}
	var out []string
	var walk func(path string, x, y any)
	walk = func(path string, x, y any) {
		xm, okX := x.(map[string]any)
		ym, okY := y.(map[string]any)
		if okX && okY {
			for _, k := range slices.Sorted(maps.Keys(xm)) {
				if _, ok := ym[k]; !ok {
					out = append(out, path+"."+k+" (basil only)")
				} else {
					walk(path+"."+k, xm[k], ym[k])
				}
			}
			for _, k := range slices.Sorted(maps.Keys(ym)) {
				if _, ok := xm[k]; !ok {
					out = append(out, path+"."+k+" (clover only)")
				}
			}
			return
		}
		xl, okX := x.([]any)
		yl, okY := y.([]any)
		if okX && okY && len(xl) == len(yl) {
			for i := range xl {
				walk(path+"["+strconv.Itoa(i)+"]", xl[i], yl[i])
			}
			return
		}
		if !reflect.DeepEqual(x, y) {
			out = append(out, fmt.Sprintf("%s (%.60v -> %.60v)", path, x, y))
		}
	}
	walk("", va, vb)
	return out
}

// tableOf returns the one table holding a resource's objects ("" if none).
func tableOf(reg *syncdb.Registry, resource string) string {
	name := ""
	for _, t := range reg.Tables {
		if t.Resource == resource && t.Kind != syncdb.KindPreview {
			if name != "" {
				return ""
			}
			name = t.Name
		}
	}
	return name
}

// moves are the changes made at the clover fake before the clover sync.
type moves struct {
	// basilEvents are objects updated with an event rendered at basil,
	// by table.
	basilEvents map[string][]string
	// cloverEvents are products updated with an event rendered at clover.
	cloverEvents []string
	// created are customers created with an event at clover.
	created []string
}

// mutate changes the clover fake as an account does while the syncer is
// down for the upgrade: updates whose events are rendered at basil (the
// account's default API version, which the upgrade of stripesync does not
// move) in a re-backfilled table (customers) and in one that is not
// (products: no nested list either, so nothing but the version mismatch
// makes the follower retrieve them), updates and creates with events at
// clover.
func mutate(t *testing.T, f *stripetest.Server) moves {
	t.Helper()
	m := moves{basilEvents: map[string][]string{}}
	sn := f.State()
	customers := slices.Sorted(maps.Keys(sn.Objects["customer"]))
	products := slices.Sorted(maps.Keys(sn.Objects["product"]))
	m.basilEvents["customers"] = customers[:3]
	m.basilEvents["products"] = products[:3]
	m.cloverEvents = products[3:5]
	changes := map[string]any{"metadata": map[string]string{"upgrade": "while the syncer was down"}}
	for _, ids := range m.basilEvents {
		for _, id := range ids {
			if _, err := f.Update(id, changes, stripetest.EventAPIVersion(basilVersion)); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, id := range m.cloverEvents {
		if _, err := f.Update(id, changes); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"created at clover 1", "created at clover 2"} {
		o, err := f.Create("customer", map[string]any{"name": name})
		if err != nil {
			t.Fatal(err)
		}
		m.created = append(m.created, o.ID)
	}
	return m
}

// checkAfterSync checks how the clover sync got there: it consumed the
// re-backfill requests, talked to Stripe at clover only, listed the
// recorded tables again and left the others alone, and refetched at clover
// the objects of events rendered at basil instead of storing their
// payloads.
func checkAfterSync(t *testing.T, db string, f *stripetest.Server, out string, recorded map[string]string, m moves) {
	t.Helper()
	if n := queryInt(t, db, `SELECT count(*) FROM stripesync.rebackfill`); n != 0 {
		t.Errorf("%d re-backfill requests left after the clover sync", n)
	}
	if !strings.Contains(out, "backfilling tables again after a migration") {
		t.Errorf("the clover sync did not say it backfilled tables again; output:\n%s", tail(out, 30))
	}
	if v := f.StripeVersions(); !slices.Equal(v, []string{cloverVersion}) {
		t.Errorf("the clover build sent Stripe-Version %v", v)
	}
	for table := range recorded {
		if generated.Registry.Table(table) == nil {
			continue // new at clover: the basil build never wrote it
		}
		if vs := apiVersions(t, db, table); vs[basilVersion] > 0 {
			t.Errorf("%s still holds %d rows rendered at basil after its re-backfill (%v)", table, vs[basilVersion], vs)
		}
	}
	// Tables the migration did not record keep their basil rows: the
	// re-backfill was not a full one.
	for _, table := range []string{"invoices", "prices", "charges"} {
		if _, ok := recorded[table]; ok {
			t.Fatalf("%s was recorded for a re-backfill; pick tables clover leaves alone", table)
		}
		if vs := apiVersions(t, db, table); vs[cloverVersion] > 0 || vs[basilVersion] == 0 {
			t.Errorf("%s rows by API version %v: want all left at basil", table, vs)
		}
	}
	retrieved := map[string]bool{}
	for _, r := range f.Requests() {
		if r.Method == "GET" {
			retrieved[r.Path] = true
		}
	}
	stored := func(table, id string) string {
		var v string
		q := `SELECT "_api_version" FROM "stripe".` + pgx.Identifier{table}.Sanitize() + ` WHERE id = $1`
		if err := connect(t, db).QueryRow(context.Background(), q, id).Scan(&v); err != nil {
			t.Fatalf("%s %s: %v", table, id, err)
		}
		return v
	}
	for table, ids := range m.basilEvents {
		for _, id := range ids {
			if v := stored(table, id); v != cloverVersion {
				t.Errorf("%s %s, updated by an event rendered at basil, is stored at %q: want it refetched at %s", table, id, v, cloverVersion)
			}
		}
	}
	for _, id := range m.basilEvents["products"] {
		if !retrieved["/v1/products/"+id] {
			t.Errorf("product %s, updated by an event rendered at basil, was not retrieved", id)
		}
	}
	for _, id := range m.cloverEvents {
		if v := stored("products", id); v != cloverVersion {
			t.Errorf("product %s, updated by an event rendered at clover, is stored at %q", id, v)
		}
	}
	for _, id := range m.created {
		if n := queryInt(t, db, `SELECT count(*) FROM stripe.customers WHERE id = $1`, id); n != 1 {
			t.Errorf("customer %s created after the upgrade: %d rows", id, n)
		}
	}
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

func staleSummary(stale map[string][]string) string {
	var parts []string
	for _, table := range sortedKeys(stale) {
		parts = append(parts, table+" "+strconv.Itoa(len(stale[table])))
	}
	return strings.Join(parts, ", ")
}
