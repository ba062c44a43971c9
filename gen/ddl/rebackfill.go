package ddl

import (
	"fmt"
	"slices"
	"strings"

	"github.com/stripesync/stripesync/gen/diff"
	"github.com/stripesync/stripesync/gen/ir"
)

// RebackfillTable is the state table in which a migration records, in the
// transaction of its schema change, the data tables whose rows the runtime
// must list again: table_name (key), reason, api_version, recorded_at.
const RebackfillTable = "rebackfill"

// rebackfillChange records d's re-backfill list. Up upserts one row per table
// (a newer migration's reason replaces an older one's pending row); Down
// deletes the rows recorded for this API version. It returns nil when there
// is nothing to record or the model has no rebackfill table to record in.
func rebackfillChange(sc schemas, d *diff.Diff) *change {
	list := d.Rebackfill()
	t := d.To.Table(RebackfillTable)
	if len(list) == 0 || !canRecord(t) {
		return nil
	}
	table := sc.qualified(t)
	rows := make([]string, len(list))
	names := make([]string, len(list))
	for i, r := range list {
		rows[i] = fmt.Sprintf("  (%s, %s, %s, now())", literal(r.Table), literal(r.Reason()), literal(d.To.APIVersion))
		names[i] = "  " + literal(r.Table)
	}
	up := "INSERT INTO " + table + ` ("table_name", "reason", "api_version", "recorded_at") VALUES` + "\n" +
		strings.Join(rows, ",\n") + "\n" +
		`ON CONFLICT ("table_name") DO UPDATE SET "reason" = EXCLUDED."reason", ` +
		`"api_version" = EXCLUDED."api_version", "recorded_at" = EXCLUDED."recorded_at";`
	down := "DELETE FROM " + table + ` WHERE "api_version" = ` + literal(d.To.APIVersion) + ` AND "table_name" IN (` + "\n" +
		strings.Join(names, ",\n") + "\n);"
	return &change{
		comment: fmt.Sprintf("record the %d tables to backfill again, for the runtime (see the summary above)", len(list)),
		up:      []string{up},
		down:    []string{down},
	}
}

// canRecord reports whether t is the state table the re-backfill rows go to,
// with the key and columns the statements name.
func canRecord(t *ir.Table) bool {
	if t == nil || t.Schema != "state" || !slices.Equal(t.PrimaryKey, []string{"table_name"}) {
		return false
	}
	for _, name := range []string{"reason", "api_version", "recorded_at"} {
		if t.Column(name) == nil {
			return false
		}
	}
	return true
}
