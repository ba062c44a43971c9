package syncdb

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// Bookkeeping and state columns the writer relies on; the generator puts
// them on every data table (see gen bookkeepingColumns and stateTables).
const (
	// VersionColumn holds a row's snapshot version.
	VersionColumn = "_version"
	// HashColumn holds a row's content hash, the tie-break between equal versions.
	HashColumn = "_content_hash"
	// SyncedAtColumn holds when the syncer last wrote the row.
	SyncedAtColumn = "_synced_at"
	// TombstoneTable is the state table recording deletions.
	TombstoneTable = "tombstones"
)

// tableSQL is one table's statements for one store.
type tableSQL struct {
	temp       string
	createTemp string
	copyCols   []string
	upsert     string
	upsertArgs []any
	tombstone  string
	deleteRows string
	// deleteChildren[i] deletes the rows of t.Children[i] under deleted parents.
	deleteChildren []string
	// replace deletes this child table's rows of parents whose complete list
	// is empty; replaceKeeping those missing from the temporary table.
	replace, replaceKeeping string
}

func quote(parts ...string) string { return pgx.Identifier(parts).Sanitize() }

func (s *Store) statements(t *Table) *tableSQL {
	s.mu.Lock()
	defer s.mu.Unlock()
	if q := s.sql[t]; q != nil {
		return q
	}
	q := buildSQL(s.data, s.state, t)
	s.sql[t] = q
	return q
}

func buildSQL(data, state string, t *Table) *tableSQL {
	sum := sha256.Sum256([]byte(data + "\x00" + t.Name + "\x00" + strings.Join(t.copyColumns, ",")))
	q := &tableSQL{temp: "stripesync_" + hex.EncodeToString(sum[:8])}
	target := quote(data, t.Name)
	// The temporary table lives as long as the connection and is emptied at
	// every commit, so a batch costs no DDL; DELETE empties it when one
	// transaction writes the table twice.
	q.createTemp = "CREATE TEMPORARY TABLE IF NOT EXISTS " + quote(q.temp) + " (LIKE " + target + ") ON COMMIT DELETE ROWS;\n" +
		"DELETE FROM " + quote(q.temp)
	q.copyCols = t.copyColumns
	q.upsert, q.upsertArgs = upsertSQL(data, state, t, q.temp)
	tomb := quote(state, TombstoneTable)
	q.tombstone = "INSERT INTO " + tomb + ` AS d ("table_name", "id", "deleted_at", "_version")
SELECT $1, x.id, x.at, x.v FROM unnest($2::text[], $3::timestamptz[], $4::bigint[]) AS x(id, at, v)
ON CONFLICT ("table_name", "id") DO UPDATE SET "deleted_at" = EXCLUDED."deleted_at", "_version" = EXCLUDED."_version"
WHERE d."_version" < EXCLUDED."_version"`
	q.deleteRows = deleteByVersion(target, "id")
	for _, c := range t.Children {
		q.deleteChildren = append(q.deleteChildren, deleteByVersion(quote(data, c.Name), c.Parent.Column))
	}
	if p := t.Parent; t.Kind == KindChild && p != nil && p.Table != nil {
		q.replace = replaceSQL(quote(data, p.Table.Name), target, p.Column, "")
		q.replaceKeeping = replaceSQL(quote(data, p.Table.Name), target, p.Column, q.temp)
	}
	return q
}

// deleteByVersion deletes rows whose column matches an id and whose version
// is not newer than the deletion's.
func deleteByVersion(target, column string) string {
	return "DELETE FROM " + target + " AS t USING unnest($1::text[], $2::bigint[]) AS x(id, v)\nWHERE t." +
		quote(column) + " = x.id AND t." + quote(VersionColumn) + " <= x.v"
}

// replaceSQL deletes a parent's children that its complete list no longer
// holds: $1/$2 are the parents and versions; the rows kept are those in the
// temporary table keep ("" to keep none). Only lists of the stored parent
// snapshot count: a stale snapshot's list changes nothing.
func replaceSQL(parent, target, parentCol, keep string) string {
	pc := quote(parentCol)
	v := quote(VersionColumn)
	sql := "DELETE FROM " + target + " AS t USING unnest($1::text[], $2::bigint[]) AS p(id, v)\nWHERE t." + pc +
		" = p.id AND t." + v + " <= p.v\nAND EXISTS (SELECT 1 FROM " + parent + ` AS r WHERE r."id" = p.id AND r.` + v + " <= p.v)"
	if keep != "" {
		sql += "\nAND NOT EXISTS (SELECT 1 FROM " + quote(keep) + " AS k WHERE k." + pc + " = t." + pc + ` AND k."id" = t."id")`
	}
	return sql
}

// upsertSQL moves the temporary table's rows into the table, skipping rows
// a tombstone (of the row or, for child rows, of its parent) is as new as,
// and replacing a stored row only with a newer version, or an equal version
// with a larger content hash.
func upsertSQL(data, state string, t *Table, temp string) (string, []any) {
	var cols, sel, set []string
	for _, c := range t.Columns {
		qc := quote(c.Name)
		cols = append(cols, qc)
		if c.Name == SyncedAtColumn {
			sel = append(sel, "now()")
		} else {
			sel = append(sel, "s."+qc)
		}
		if !contains(t.PrimaryKey, c.Name) {
			set = append(set, qc+" = EXCLUDED."+qc)
		}
	}
	var b strings.Builder
	b.WriteString("INSERT INTO " + quote(data, t.Name) + " AS t (" + strings.Join(cols, ", ") + ")\nSELECT " +
		strings.Join(sel, ", ") + "\nFROM " + quote(temp) + " AS s")
	var where []string
	var args []any
	if t.needsID() {
		args = append(args, t.Name)
		where = append(where, tombstoneGuard(state, fmt.Sprintf("$%d", len(args)), `s."id"`))
	}
	if t.Kind == KindChild && t.Parent != nil && t.Parent.Table != nil {
		args = append(args, t.Parent.Table.Name)
		where = append(where, tombstoneGuard(state, fmt.Sprintf("$%d", len(args)), "s."+quote(t.Parent.Column)),
			parentGuard(data, t))
	}
	if len(where) > 0 {
		b.WriteString("\nWHERE " + strings.Join(where, "\nAND "))
	}
	pk := make([]string, len(t.PrimaryKey))
	for i, k := range t.PrimaryKey {
		pk[i] = quote(k)
	}
	v, h := quote(VersionColumn), quote(HashColumn)
	b.WriteString("\nON CONFLICT (" + strings.Join(pk, ", ") + ") DO UPDATE SET " + strings.Join(set, ", ") +
		"\nWHERE t." + v + " IS NULL OR (EXCLUDED." + v + ", EXCLUDED." + h + ") > (t." + v + ", t." + h + ")")
	return b.String(), args
}

// parentGuard skips child rows older than their stored parent: a child row
// never carries older news than the parent row it belongs to.
func parentGuard(data string, t *Table) string {
	return "NOT EXISTS (SELECT 1 FROM " + quote(data, t.Parent.Table.Name) + ` AS p WHERE p."id" = s.` + quote(t.Parent.Column) +
		" AND p." + quote(VersionColumn) + " > s." + quote(VersionColumn) + ")"
}

func tombstoneGuard(state, tableParam, idExpr string) string {
	return "NOT EXISTS (SELECT 1 FROM " + quote(state, TombstoneTable) + ` AS d WHERE d."table_name" = ` + tableParam +
		` AND d."id" = ` + idExpr + ` AND d."_version" >= s.` + quote(VersionColumn) + ")"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
