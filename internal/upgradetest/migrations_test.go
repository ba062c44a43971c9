package upgradetest

import (
	"io/fs"
	"strconv"
	"strings"

	"github.com/stripesync/stripesync/migrations"
)

// basilMigration is the newest migration the repository (at basil)
// embeds; the clover upgrade writes the next one.
func basilMigration() int {
	n := 0
	entries, _ := fs.ReadDir(migrations.FS, ".")
	for _, e := range entries {
		prefix, _, ok := strings.Cut(e.Name(), "_")
		if v, err := strconv.Atoi(prefix); ok && err == nil && strings.HasSuffix(e.Name(), ".sql") {
			n = max(n, v)
		}
	}
	return n
}
