package ddl

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strconv"

	"github.com/stripesync/stripesync/gen/ir"
)

// history is the committed state of the migrations directory: what the next
// migration continues from.
type history struct {
	// files are the *.sql migrations by base name.
	files map[string][]byte
	// last is the base name of the newest migration, "" when there is none.
	last string
	// version is the goose version of the newest migration.
	version int
	// snapshot is the model the migrations leave behind, nil when there is none.
	snapshot *ir.Schema
}

// migrationName matches a migration's base name: a goose version, "_", a slug.
var migrationName = regexp.MustCompile(`^([0-9]+)_[a-z0-9_]+\.sql$`)

// readHistory reads the migrations directory of tree, the repository root. A
// tree without one, or with an empty one, has no history. Otherwise the
// directory must pass VerifySum and hold a snapshot and at least one migration.
func readHistory(tree fs.FS) (*history, error) {
	h := &history{files: map[string][]byte{}}
	if tree == nil {
		return h, nil
	}
	dir, err := fs.Sub(tree, "migrations")
	if err != nil {
		return nil, fmt.Errorf("gen: ddl: %w", err)
	}
	present, err := generatedFiles(dir)
	if err != nil || len(present) == 0 {
		return h, err
	}
	if err := VerifySum(dir); err != nil {
		return nil, err
	}
	if err := h.readMigrations(dir); err != nil {
		return nil, err
	}
	return h, h.readSnapshot(dir)
}

// generatedFiles lists the generated files of dir that exist (migrations,
// snapshot, checksum file); a missing directory has none.
func generatedFiles(dir fs.FS) ([]string, error) {
	sqls, err := fs.Glob(dir, "*.sql")
	if err != nil {
		return nil, fmt.Errorf("gen: ddl: %w", err)
	}
	for _, name := range []string{snapshotName, sumName} {
		if _, err := fs.Stat(dir, name); err == nil {
			sqls = append(sqls, name)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("gen: ddl: %w", err)
		}
	}
	return sqls, nil
}

// readMigrations reads every migration, checking names and versions.
func (h *history) readMigrations(dir fs.FS) error {
	names, _ := fs.Glob(dir, "*.sql")
	if len(names) == 0 {
		return fmt.Errorf("gen: ddl: migrations/ has a snapshot but no migration: restore them from version control")
	}
	slices.Sort(names)
	seen := map[int]string{}
	for _, name := range names {
		m := migrationName.FindStringSubmatch(name)
		if m == nil {
			return fmt.Errorf("gen: ddl: migrations/%s: want a name like 00002_2025_09_30_clover.sql", name)
		}
		v, _ := strconv.Atoi(m[1])
		if prev, dup := seen[v]; dup {
			return fmt.Errorf("gen: ddl: migrations/%s and %s share version %d: keep one and generate again", prev, name, v)
		}
		seen[v] = name
		data, err := fs.ReadFile(dir, name)
		if err != nil {
			return fmt.Errorf("gen: ddl: %w", err)
		}
		h.files[name] = data
		if v > h.version {
			h.version, h.last = v, name
		}
	}
	return nil
}

// readSnapshot decodes the committed model.
func (h *history) readSnapshot(dir fs.FS) error {
	data, err := fs.ReadFile(dir, snapshotName)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("gen: ddl: %s is missing: restore it from version control", SnapshotPath)
	}
	if err != nil {
		return fmt.Errorf("gen: ddl: %w", err)
	}
	h.snapshot = &ir.Schema{}
	if err := json.Unmarshal(data, h.snapshot); err != nil {
		return fmt.Errorf("gen: ddl: %s: %w", SnapshotPath, err)
	}
	return nil
}
