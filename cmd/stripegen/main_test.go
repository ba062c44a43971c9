package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stripe/stripe-mock/embedded"
)

// TestBadSpecWritesNothing: a truncated, malformed or missing spec gives one
// clear line on stderr, exit code 1, and leaves the output tree empty.
func TestBadSpecWritesNothing(t *testing.T) {
	dir := t.TempDir()
	truncated := filepath.Join(dir, "truncated.json")
	writeTestFile(t, truncated, embedded.OpenAPISpec[:len(embedded.OpenAPISpec)/2])
	notOpenAPI := filepath.Join(dir, "notopenapi.json")
	writeTestFile(t, notOpenAPI, []byte(`{"hello": "world"}`))
	wrongType := filepath.Join(dir, "wrongtype.json")
	writeTestFile(t, wrongType, []byte(`{"openapi": "3.0.0", "info": {"version": 7}}`))
	cases := map[string]struct{ spec, want string }{
		"truncated":   {truncated, "malformed spec: line "},
		"not openapi": {notOpenAPI, "malformed spec: missing openapi version"},
		"wrong type":  {wrongType, "malformed spec: json: cannot unmarshal number into field Info.version"},
		"missing":     {filepath.Join(dir, "nope.json"), "no such file"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			var stdout, stderr bytes.Buffer
			code := run([]string{"generate", "--spec", c.spec, "--root", root}, &stdout, &stderr)
			if code != 1 {
				t.Errorf("exit code %d, want 1", code)
			}
			lines := strings.Split(strings.TrimRight(stderr.String(), "\n"), "\n")
			if len(lines) != 1 || !strings.Contains(lines[0], c.want) || !strings.HasPrefix(lines[0], "stripegen: ") {
				t.Errorf("stderr %q: want one line containing %q", stderr.String(), c.want)
			}
			entries, _ := os.ReadDir(root)
			if len(entries) != 0 {
				t.Errorf("wrote %d entries into the output tree", len(entries))
			}
		})
	}
}

// TestGenerateThenCheck: generate writes the tree, a second run changes
// nothing, --check passes; after an edit --check fails and names the file.
func TestGenerateThenCheck(t *testing.T) {
	root := t.TempDir()
	var out, errOut bytes.Buffer
	if code := run([]string{"generate", "--root", root}, &out, &errOut); code != 0 {
		t.Fatalf("generate: exit %d: %s", code, errOut.String())
	}
	out.Reset()
	if code := run([]string{"generate", "--root", root}, &out, &errOut); code != 0 || !strings.Contains(out.String(), " 0 changed") {
		t.Fatalf("second generate changed files: %s %s", out.String(), errOut.String())
	}
	if code := run([]string{"generate", "--check", "--root", root}, &out, &errOut); code != 0 {
		t.Fatalf("check after generate: exit %d: %s", code, errOut.String())
	}
	lock := filepath.Join(root, "openapi", "spec.lock.json")
	writeTestFile(t, lock, []byte("{}\n"))
	out.Reset()
	errOut.Reset()
	if code := run([]string{"generate", "--check", "--root", root}, &out, &errOut); code != 1 {
		t.Fatalf("check after edit: exit %d, want 1", code)
	}
	if !strings.Contains(out.String(), "modified: openapi/spec.lock.json") {
		t.Errorf("check output does not name the edited file: %q", out.String())
	}
	if got, _ := os.ReadFile(lock); string(got) != "{}\n" {
		t.Errorf("--check rewrote the file")
	}
}

func writeTestFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
