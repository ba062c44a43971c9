package migrations_test

import (
	"os"
	"testing"

	"github.com/stripesync/stripesync/gen/ddl"
)

// TestSumMatches: the committed migrations and snapshot match migrations.sum.
// A migration edited after it was generated fails here, naming the file.
func TestSumMatches(t *testing.T) {
	if err := ddl.VerifySum(os.DirFS(".")); err != nil {
		t.Error(err)
	}
}
