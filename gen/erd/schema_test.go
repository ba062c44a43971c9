package erd

import (
	"testing"

	"github.com/stripesync/stripesync/gen/ir"
)

// browserSchema is the schema the browser test renders.
func browserSchema(t *testing.T) *ir.Schema {
	t.Helper()
	return fixture()
}
