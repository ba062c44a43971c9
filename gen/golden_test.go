package gen_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stripesync/stripesync/gen"
	"github.com/stripesync/stripesync/gen/ddl"
	"github.com/stripesync/stripesync/gen/ir"
	"github.com/stripesync/stripesync/openapi"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/cases/*/want")

// goldenOutputs are the emitters whose output the golden cases pin, besides the IR.
var goldenOutputs = []gen.Output{{Name: "ddl", Emit: ddl.Emit}}

// TestGolden builds each hand-written spec under testdata/cases and compares
// the whole want/ directory: the IR, every emitted file, or error.txt for
// specs that must be rejected.
func TestGolden(t *testing.T) {
	cases, err := filepath.Glob("testdata/cases/*")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for _, dir := range cases {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			got := generateCase(t, dir)
			want := filepath.Join(dir, "want")
			if *update {
				writeDir(t, want, got)
			}
			compareDir(t, want, got)
		})
	}
}

// generateCase runs the generator on a case, returning files keyed by path.
func generateCase(t *testing.T, dir string) map[string][]byte {
	api, err := openapi.LoadFile(filepath.Join(dir, "spec3.json"))
	if err != nil {
		return map[string][]byte{"error.txt": []byte(relativeError(err, dir) + "\n")}
	}
	files, s, err := gen.Generate(api, goldenOutputs)
	if err != nil {
		return map[string][]byte{"error.txt": []byte(relativeError(err, dir) + "\n")}
	}
	again, _, err := gen.Generate(api, goldenOutputs)
	if err != nil {
		t.Fatalf("second run: %v", err)
	}
	out := map[string][]byte{"ir.json": marshalIR(t, s)}
	for path, data := range files {
		if !bytes.Equal(data, again[path]) {
			t.Errorf("%s differs between two runs on the same spec", path)
		}
		out[path] = data
	}
	return out
}

func relativeError(err error, dir string) string {
	return strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
}

func marshalIR(t *testing.T, s *ir.Schema) []byte {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

func writeDir(t *testing.T, dir string, files map[string][]byte) {
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	for path, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// compareDir fails on every missing, extra or changed file.
func compareDir(t *testing.T, dir string, got map[string][]byte) {
	t.Helper()
	want := map[string][]byte{}
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		want[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatalf("read %s: %v (run with -update to create it)", dir, err)
	}
	var paths []string
	for p := range got {
		paths = append(paths, p)
	}
	for p := range want {
		if _, ok := got[p]; !ok {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	for _, p := range paths {
		w, inWant := want[p]
		g, inGot := got[p]
		switch {
		case !inWant:
			t.Errorf("%s: generated but not in want/ (run go test ./gen -run TestGolden -update)", p)
		case !inGot:
			t.Errorf("%s: in want/ but not generated", p)
		case !bytes.Equal(w, g):
			t.Errorf("%s: differs from want/:\n%s", p, firstDiff(w, g))
		}
	}
}

// firstDiff shows the first differing line.
func firstDiff(want, got []byte) string {
	wl := strings.Split(string(want), "\n")
	gl := strings.Split(string(got), "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + "\n  want: " + w + "\n  got:  " + g
		}
	}
	return "(same lines, different bytes)"
}
