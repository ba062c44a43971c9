package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/stripesync/stripesync/gen"
	"github.com/stripesync/stripesync/gen/ddl"
	"github.com/stripesync/stripesync/gen/erd"
	"github.com/stripesync/stripesync/gen/golang"
	"github.com/stripesync/stripesync/openapi"
)

// outputs lists the generated file families that depend on the model alone,
// in one place. The migrations, which also continue the history committed in
// the tree, come first (see allOutputs).
var outputs = []gen.Output{
	{Name: "erd", Dir: erd.Dir, Emit: erd.Emit},
	{Name: "go", Dir: "generated", Emit: golang.Emit},
}

// allOutputs returns every output of a run over the repository at root. The
// migrations emitter reads the committed migrations there (read-only) and
// returns the next migration, or none, with the snapshot and checksum file.
// Migrations are append-only, so it owns no directory (nothing there is stale).
func allOutputs(root string) []gen.Output {
	migrations := gen.Output{Name: "ddl", Emit: ddl.Migrator{Tree: os.DirFS(root)}.Emit}
	return append([]gen.Output{migrations}, outputs...)
}

// generate builds every output in memory and then writes (or, with check,
// compares) them. Nothing is written unless everything was generated.
func generate(root, specPath string, check bool, stdout io.Writer) error {
	api, err := loadSpec(specPath)
	if err != nil {
		return err
	}
	outs := allOutputs(root)
	files, schema, err := gen.Generate(api, outs)
	if err != nil {
		return err
	}
	changes, err := plan(root, files, outs)
	if err != nil {
		return err
	}
	if check {
		if len(changes) > 0 {
			for _, c := range changes {
				fmt.Fprintln(stdout, c)
			}
			return fmt.Errorf("%d generated files are out of date: run `make generate`", len(changes))
		}
		fmt.Fprintf(stdout, "stripegen: %d files up to date (API %s, %d tables)\n", len(files), api.Version, len(schema.Tables))
		return nil
	}
	if err := apply(root, files, changes); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "stripegen: API %s: %d tables, %d files, %d changed\n", api.Version, len(schema.Tables), len(files), len(changes))
	return nil
}

func loadSpec(path string) (*openapi.API, error) {
	if path == "" {
		return openapi.LoadPinned()
	}
	return openapi.LoadFile(path)
}

// change is one file to write or remove.
type change struct {
	path   string
	remove bool
	create bool
}

func (c change) String() string {
	switch {
	case c.remove:
		return "stale:    " + c.path
	case c.create:
		return "missing:  " + c.path
	default:
		return "modified: " + c.path
	}
}

// plan compares the generated files with the tree: files that differ or are
// missing, and stale files in directories an output owns.
func plan(root string, files gen.Files, outs []gen.Output) ([]change, error) {
	var out []change
	for _, p := range files.Paths() {
		old, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			out = append(out, change{path: p, create: true})
		case err != nil:
			return nil, err
		case !bytes.Equal(old, files[p]):
			out = append(out, change{path: p})
		}
	}
	for _, o := range outs {
		stale, err := staleFiles(root, o.Dir, files)
		if err != nil {
			return nil, err
		}
		out = append(out, stale...)
	}
	return out, nil
}

func staleFiles(root, dir string, files gen.Files) ([]change, error) {
	if dir == "" {
		return nil, nil
	}
	var out []change
	err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if _, ok := files[rel]; !ok && !keep(rel) {
			out = append(out, change{path: rel, remove: true})
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out, err
}

// keep spares hand-written files inside generated directories.
func keep(rel string) bool {
	return !strings.HasSuffix(rel, ".gen.go") && strings.HasSuffix(rel, ".go")
}

// apply writes each changed file through a temporary file and rename, and
// removes stale ones.
func apply(root string, files gen.Files, changes []change) error {
	for _, c := range changes {
		full := filepath.Join(root, filepath.FromSlash(c.path))
		if c.remove {
			if err := os.Remove(full); err != nil {
				return err
			}
			continue
		}
		if err := writeFile(full, files[c.path]); err != nil {
			return err
		}
	}
	return nil
}

func writeFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".stripegen-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
