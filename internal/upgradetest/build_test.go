package upgradetest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stripesync/stripesync/openapi"
)

// repoRoot returns the repository's root: the nearest directory above the
// test's working directory that holds go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// goCmd runs the go command in dir and returns its stdout, or an error
// holding the command's output. Builds use -trimpath, so the build cache is
// shared between the repository and its copies in temporary directories
// (and between runs). It may run outside the test's goroutine; it is
// killed when the test ends.
func goCmd(t *testing.T, dir string, args ...string) ([]byte, error) {
	start := time.Now()
	cmd := exec.CommandContext(t.Context(), "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=readonly")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go %s (in %s): %v\n%s%s", strings.Join(args, " "), dir, err, stdout.Bytes(), stderr.Bytes())
	}
	t.Logf("go %s: %s", strings.Join(args, " "), time.Since(start).Round(10*time.Millisecond))
	return stdout.Bytes(), nil
}

// build compiles a command of the module at root into out.
func build(t *testing.T, root, pkg, out string) error {
	_, err := goCmd(t, root, "build", "-trimpath", "-o", out, pkg)
	return err
}

// mockDir returns the embedded/openapi directory of a stripe-mock module
// version (spec3.json, spec3.beta.sdk.json, fixtures3.json), from the module
// cache or the module proxy.
func mockDir(t *testing.T, root, version string) string {
	t.Helper()
	out, err := goCmd(t, root, "mod", "download", "-json", openapi.MockModule+"@"+version)
	if err != nil {
		t.Fatal(err)
	}
	var mod struct{ Dir string }
	if err := json.Unmarshal(out, &mod); err != nil || mod.Dir == "" {
		t.Fatalf("go mod download %s: no directory in %s", version, out)
	}
	return filepath.Join(mod.Dir, "embedded", "openapi")
}

// copyTree copies the repository's working tree (tracked files and
// untracked ones git does not ignore, as they are on disk, so the copy
// builds what `go build` in the repository builds) into dst.
func copyTree(t *testing.T, root, dst string) error {
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("git ls-files in %s (the test copies the working tree): %v", root, err)
	}
	n := 0
	for _, rel := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		if rel == "" {
			continue
		}
		copied, err := copyFile(filepath.Join(root, rel), filepath.Join(dst, rel))
		if err != nil {
			return fmt.Errorf("copy %s: %v", rel, err)
		}
		if copied {
			n++
		}
	}
	t.Logf("copied %d files of the working tree to %s", n, dst)
	return nil
}

// copyFile copies a regular file; a file deleted from the working tree but
// still in the index is skipped.
func copyFile(src, dst string) (bool, error) {
	info, err := os.Lstat(src)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if !info.Mode().IsRegular() {
		return false, nil
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return false, err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return false, err
	}
	return true, os.WriteFile(dst, data, info.Mode().Perm())
}

// cloverBuild is the stripesync of the upgraded tree, and the comparison
// helper compiled against its generated code.
type cloverBuild struct {
	tree       string // the copy of the repository, regenerated at clover
	stripesync string
	compare    string // this package's test binary, built in the copy
	migration  string // the migration stripegen wrote (see cloverMigration)
}

// buildClover copies the repository, runs stripegen (built from the
// repository) on the copy with the clover spec, and builds the copy's
// stripesync and this package's tests there. It may run outside the
// test's goroutine.
func buildClover(t *testing.T, root, stripegen, specDir, out string) (*cloverBuild, error) {
	tree := filepath.Join(out, "tree")
	if err := copyTree(t, root, tree); err != nil {
		return nil, err
	}
	start := time.Now()
	cmd := exec.CommandContext(t.Context(), stripegen, "generate", "--spec", filepath.Join(specDir, "spec3.json"), "--root", tree)
	msg, err := cmd.CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("stripegen generate --spec clover: %v\n%s", err, msg)
	}
	t.Logf("%s(%s)", msg, time.Since(start).Round(10*time.Millisecond))
	pattern := fmt.Sprintf("%05d_*.sql", basilMigration()+1)
	matches, _ := filepath.Glob(filepath.Join(tree, "migrations", pattern))
	if len(matches) != 1 {
		return nil, fmt.Errorf("stripegen wrote migrations %v, want one %s", matches, pattern)
	}
	b := &cloverBuild{tree: tree, migration: matches[0],
		stripesync: filepath.Join(out, "stripesync"), compare: filepath.Join(out, "compare.test")}
	if err := build(t, tree, "./cmd/stripesync", b.stripesync); err != nil {
		return nil, err
	}
	if _, err := goCmd(t, tree, "test", "-c", "-trimpath", "-vet=off", "-o", b.compare, "./internal/upgradetest"); err != nil {
		return nil, err
	}
	return b, nil
}
