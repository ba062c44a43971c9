package ddl_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stripesync/stripesync/gen"
	"github.com/stripesync/stripesync/gen/ir"
	"github.com/stripesync/stripesync/openapi"
)

// mockVersions are stripe-mock module versions and the API version each embeds.
var mockVersions = map[string]string{
	"v0.190.0": "2024-09-30.acacia",
	"v0.195.0": "2025-05-28.basil",
	"v0.197.0": "2025-09-30.clover",
	"v0.199.0": "2025-11-17.clover",
	"v0.202.0": "2026-05-27.dahlia",
}

// realSpec is one stripe-mock version's model and fixtures.
type realSpec struct {
	once     sync.Once
	schema   *ir.Schema
	fixtures map[string]map[string]any
	err      error
}

var realSpecs = struct {
	sync.Mutex
	m map[string]*realSpec
}{m: map[string]*realSpec{}}

// loadReal returns the model built from the spec in stripe-mock module
// version v, and its fixtures by resource, loading each version once.
func loadReal(t *testing.T, v string) (*ir.Schema, map[string]map[string]any) {
	t.Helper()
	realSpecs.Lock()
	rs := realSpecs.m[v]
	if rs == nil {
		rs = &realSpec{}
		realSpecs.m[v] = rs
	}
	realSpecs.Unlock()
	rs.once.Do(func() { rs.schema, rs.fixtures, rs.err = buildReal(v) })
	if rs.err != nil {
		t.Fatalf("stripe-mock %s: %v", v, rs.err)
	}
	return rs.schema, rs.fixtures
}

// buildReal finds the module in the module cache (downloading it through the
// module proxy when missing), loads its spec with the beta spec beside it for
// events, and builds the model.
func buildReal(v string) (*ir.Schema, map[string]map[string]any, error) {
	out, err := exec.Command("go", "mod", "download", "-json", openapi.MockModule+"@"+v).Output()
	if err != nil {
		return nil, nil, err
	}
	var mod struct{ Dir, Error string }
	if err := json.Unmarshal(out, &mod); err != nil || mod.Dir == "" {
		return nil, nil, &os.PathError{Op: "go mod download", Path: v, Err: os.ErrNotExist}
	}
	dir := filepath.Join(mod.Dir, "embedded", "openapi")
	api, err := openapi.LoadFile(filepath.Join(dir, "spec3.json"))
	if err != nil {
		return nil, nil, err
	}
	s, err := gen.Build(api)
	if err != nil {
		return nil, nil, err
	}
	fixtures, err := readFixtures(filepath.Join(dir, "fixtures3.json"))
	return s, fixtures, err
}

// readFixtures reads fixtures3.json's objects by resource, numbers kept exact.
func readFixtures(path string) (map[string]map[string]any, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Resources map[string]map[string]any `json:"resources"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	return doc.Resources, nil
}
