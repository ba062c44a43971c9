package ddl

import (
	"github.com/stripesync/stripesync/gen/ir"
)

// plan returns the changes creating the whole schema from nothing: both
// Postgres schemas, then every table in model order.
func plan(s *ir.Schema) []*change {
	sc := schemas{
		"data":  `"` + placeholder(dataSchemaEnv, s.DataSchema) + `"`,
		"state": `"` + placeholder(stateSchemaEnv, s.StateSchema) + `"`,
	}
	changes := []*change{dataSchemaChange(sc), stateSchemaChange(sc)}
	for _, t := range s.Tables {
		changes = append(changes, tableChange(sc, t))
	}
	return changes
}

// dataSchemaChange creates the data schema. Its reverse drops it without
// CASCADE: when it still holds objects it did not create (a user's views or
// tables), Postgres refuses and the whole Down rolls back, so nothing of the
// user's is ever dropped silently. An existing schema is reused by Up.
func dataSchemaChange(sc schemas) *change {
	return &change{
		comment: "create the data schema (Stripe objects)",
		up:      []string{"CREATE SCHEMA IF NOT EXISTS " + sc["data"] + ";"},
		down:    []string{"DROP SCHEMA IF EXISTS " + sc["data"] + ";"},
	}
}

// stateSchemaChange creates the state schema. It has no reverse: goose keeps
// its version table there (it is created before any migration runs), so the
// schema is never empty while migrations are tracked in it.
func stateSchemaChange(sc schemas) *change {
	return &change{
		comment: "create the state schema (the syncer's bookkeeping)",
		up:      []string{"CREATE SCHEMA IF NOT EXISTS " + sc["state"] + ";"},
		keep:    "it holds goose's version table",
	}
}
