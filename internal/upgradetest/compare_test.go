package upgradetest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/runtime/state"
	"github.com/stripesync/stripesync/runtime/stripetest"
	"github.com/stripesync/stripesync/runtime/synctest"
)

// compareEnv names the request file that turns this package's test binary
// into the comparison helper. synctest.Compare needs the generated registry
// of the database's API version; the test itself is compiled at basil, so
// for the clover database it runs this package's test binary built in the
// clover tree.
const compareEnv = "UPGRADETEST_COMPARE_REQUEST"

// compareRequest asks the helper to compare a database with a fake's state.
type compareRequest struct {
	DatabaseURL string `json:"database_url"`
	// Snapshot is a file holding a stripetest.Snapshot as JSON.
	Snapshot string `json:"snapshot"`
	// Wait is how long to retry until the database mirrors the snapshot.
	Wait time.Duration `json:"wait"`
}

// compareResult is the helper's answer.
type compareResult struct {
	// APIVersion is the generated registry's version the helper compared with.
	APIVersion string              `json:"api_version"`
	Empty      bool                `json:"empty"`
	Missing    map[string][]string `json:"missing"`
	Extra      map[string][]string `json:"extra"`
	Stale      map[string][]string `json:"stale"`
	Unmapped   map[string]int      `json:"unmapped"`
	Compared   int                 `json:"compared"`
	Summary    string              `json:"summary"`
}

func TestMain(m *testing.M) {
	if req := os.Getenv(compareEnv); req != "" {
		os.Exit(compareMain(req))
	}
	os.Exit(m.Run())
}

// compareMain is the helper: it prints a compareResult as JSON.
func compareMain(path string) int {
	res, err := compareFromFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		return 1
	}
	if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		return 1
	}
	return 0
}

func compareFromFile(path string) (*compareResult, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var req compareRequest
	if err := json.Unmarshal(data, &req); err != nil {
		return nil, err
	}
	data, err = os.ReadFile(req.Snapshot)
	if err != nil {
		return nil, err
	}
	var sn stripetest.Snapshot
	if err := json.Unmarshal(data, &sn); err != nil {
		return nil, err
	}
	return compareDB(context.Background(), req.DatabaseURL, sn, req.Wait)
}

// compareDB compares the database with the snapshot through this build's
// generated registry, retrying for up to wait until they match.
func compareDB(ctx context.Context, dbURL string, sn stripetest.Snapshot, wait time.Duration) (*compareResult, error) {
	pool, err := pgxpool.New(ctx, dbURL)
	if err != nil {
		return nil, err
	}
	defer pool.Close()
	store, err := syncdb.NewStore(synctest.DataSchema, synctest.StateSchema)
	if err != nil {
		return nil, err
	}
	st, err := state.New(synctest.StateSchema)
	if err != nil {
		return nil, err
	}
	db := &synctest.DB{URL: dbURL, Pool: pool, Store: store, State: st}
	deadline := time.Now().Add(wait)
	for {
		d, err := synctest.Compare(ctx, db, generated.Registry, sn, synctest.CompareOptions{})
		if err != nil {
			return nil, err
		}
		if d.Empty() || time.Now().After(deadline) {
			return &compareResult{APIVersion: generated.Registry.APIVersion, Empty: d.Empty(),
				Missing: d.Missing, Extra: d.Extra, Stale: d.Stale, Unmapped: d.Unmapped,
				Compared: d.Compared, Summary: d.String()}, nil
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// compareWith runs the helper binary (a build of this package's tests) on
// the database and the snapshot.
func compareWith(t *testing.T, helper, dbURL string, sn stripetest.Snapshot, wait time.Duration) *compareResult {
	t.Helper()
	dir := t.TempDir()
	snap, err := json.Marshal(sn)
	if err != nil {
		t.Fatal(err)
	}
	snapPath := filepath.Join(dir, "snapshot.json")
	reqPath := filepath.Join(dir, "request.json")
	req, _ := json.Marshal(compareRequest{DatabaseURL: dbURL, Snapshot: snapPath, Wait: wait})
	if err := os.WriteFile(snapPath, snap, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(reqPath, req, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), wait+2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, helper)
	cmd.Env = append(os.Environ(), compareEnv+"="+reqPath)
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("comparison helper: %v\n%s%s", err, out, stderr)
	}
	var res compareResult
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("comparison helper: %v: %s", err, out)
	}
	return &res
}
