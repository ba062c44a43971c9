package erd

import (
	"testing"

	"github.com/stripesync/stripesync/gen/ir"
)

// browserSchema is the schema the browser test renders: the pinned spec's.
func browserSchema(t *testing.T) *ir.Schema {
	t.Helper()
	s, _ := realSite(t)
	return s
}
