package main

import (
	"io/fs"
	"strconv"
	"strings"
	"sync"

	"github.com/stripesync/stripesync/migrations"
)

var latest struct {
	once sync.Once
	n    int
}

// latestMigration is the newest migration this build embeds: the version
// the tests expect a migrated database at.
func latestMigration() int {
	latest.once.Do(func() {
		entries, _ := fs.ReadDir(migrations.FS, ".")
		for _, e := range entries {
			prefix, _, ok := strings.Cut(e.Name(), "_")
			if n, err := strconv.Atoi(prefix); ok && err == nil && strings.HasSuffix(e.Name(), ".sql") {
				latest.n = max(latest.n, n)
			}
		}
	})
	return latest.n
}

// latestS is latestMigration as text.
func latestS() string { return strconv.Itoa(latestMigration()) }

// aheadS is a migration newer than the build's, as text.
func aheadS() string { return strconv.Itoa(latestMigration() + 1) }
