package erd

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stripesync/stripesync/gen/ir"
)

// writeSite writes emitted files under dir, keeping their repo-relative paths.
func writeSite(t *testing.T, files map[string][]byte, dir string) {
	t.Helper()
	for _, p := range Paths(files) {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, files[p], 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func mustEmit(t *testing.T, s *ir.Schema) map[string][]byte {
	t.Helper()
	files, err := Emit(s)
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("ERD_WRITE_DIR"); dir != "" {
		writeSite(t, files, dir)
	}
	return files
}

func TestEveryTableHasPages(t *testing.T) {
	s := fixture()
	files := mustEmit(t, s)
	for _, tb := range s.Tables {
		md, html := tableMDPath(tb.Name), tableHTMLPath(tb.Name)
		if tb.Schema != "data" {
			if !bytes.Contains(files[stateMDPath()], []byte("## "+tb.Name)) {
				t.Errorf("state table %s missing from %s", tb.Name, stateMDPath())
			}
			continue
		}
		for _, p := range []string{md, html} {
			if files[p] == nil {
				t.Errorf("table %s has no page %s", tb.Name, p)
			}
		}
	}
	for _, p := range Paths(files) {
		if !strings.HasPrefix(p, Dir+"/") {
			t.Errorf("path %s is outside %s/", p, Dir)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, b := mustEmit(t, bigSchema(60)), mustEmit(t, bigSchema(60))
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for p := range a {
		if !bytes.Equal(a[p], b[p]) {
			t.Errorf("%s differs between runs", p)
		}
	}
}

func TestUnknownReference(t *testing.T) {
	s := fixture()
	s.Table("charges").ForeignKeys[0].RefTable = "nope"
	if _, err := Emit(s); err == nil || !strings.Contains(err.Error(), `"nope"`) {
		t.Fatalf("want an error naming the unknown table, got %v", err)
	}
}
