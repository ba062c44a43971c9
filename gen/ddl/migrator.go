package ddl

import (
	"fmt"
	"io/fs"
	"path"

	"github.com/stripesync/stripesync/gen/diff"
	"github.com/stripesync/stripesync/gen/ir"
)

// Migrator emits the migrations of a model as the next step of the history
// committed in a repository: the first migration when there is none yet,
// else a new one diffed from the committed snapshot, or none when the model
// needs no schema change. Committed migrations are never re-emitted, so
// never rewritten; an edited one makes Emit fail (see VerifySum).
type Migrator struct {
	// Tree is the repository root as committed, read-only; nil means none.
	Tree fs.FS
}

// Emit returns the files to write, keyed by repo-relative path: a new
// migration if one is needed, the snapshot of s and the checksum file. The
// output is a pure function of s and the committed migrations directory.
func (m Migrator) Emit(s *ir.Schema) (map[string][]byte, error) {
	if err := validate(s); err != nil {
		return nil, err
	}
	h, err := readHistory(m.Tree)
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	if h.snapshot == nil {
		out, err = Emit(s)
	} else {
		err = m.next(s, h, out)
	}
	if err != nil {
		return nil, err
	}
	return withSum(out, h), nil
}

// next adds the migration from the committed snapshot to s, when the two
// differ, and the new snapshot.
func (m Migrator) next(s *ir.Schema, h *history, out map[string][]byte) error {
	d := diff.Compare(h.snapshot, s)
	if !d.Empty() {
		out[NextPath(h.version, s.APIVersion)] = []byte(upgradeMigration(d, h.last))
	}
	snap, err := snapshot(s)
	if err != nil {
		return err
	}
	out[SnapshotPath] = snap
	return nil
}

// withSum adds the checksum file over the committed migrations and the
// emitted migrations directory files.
func withSum(out map[string][]byte, h *history) map[string][]byte {
	files := map[string][]byte{}
	for name, data := range h.files {
		files[name] = data
	}
	for p, data := range out {
		if path.Dir(p) == "migrations" {
			files[path.Base(p)] = data
		}
	}
	out[SumPath] = SumFile(files)
	return out
}

// NextPath returns the repo-relative path of the migration after goose
// version last, named after the API version it leads to:
// migrations/00002_2025_09_30_clover.sql.
func NextPath(last int, apiVersion string) string {
	return fmt.Sprintf("migrations/%05d_%s.sql", last+1, slug(apiVersion))
}
