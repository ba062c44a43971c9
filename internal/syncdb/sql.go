package syncdb

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"sync/atomic"

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
	temp string
	// copyTemp creates the temporary table if needed, empties it and COPYs
	// into it; copyTarget COPYs into the table inside a savepoint.
	copyTemp, copyTarget string
	// describe selects every column, for their type OIDs (oids, once known).
	describe   string
	oids       []uint32
	upsert     string
	upsertArgs []any
	tombstone  string
	deleteRows string
	// deleteChildren[i] deletes the rows of t.Children[i] under deleted parents.
	deleteChildren []string
	// replace deletes this child table's rows of parents whose complete list
	// is empty; replaceKeeping those missing from the temporary table.
	replace, replaceKeeping string

	// keyCols are the positions of the primary key columns, set when new
	// rows may be COPYed straight into the table (see checkSQL); parentCol
	// is the position of a child table's parent column, idKey the position
	// of "id" in the key, or -1.
	keyCols          []int
	parentCol, idKey int
	// exist returns now() and the keys (one key column) or positions of the
	// batch rows (several) already in the table: $1... one array per key
	// column. tombs returns the ids and versions of tombstones ($1 table,
	// $2 ids); parents the ids and versions of stored parent rows ($1 ids);
	// children the parents ($1 ids) with rows in this child table.
	exist, tombs, parents, children string
	// checks is negative while the next writes skip the check (see
	// checkSkips).
	checks atomic.Int32
	// syncedAt is the position of the _synced_at column, or -1.
	syncedAt int
	// replaceKept deletes this child table's rows of parents whose complete
	// list does not hold them: $1/$2 parents and versions, $3/$4 the parent
	// ids and ids of the rows kept.
	replaceKept string
	// settleRows and settleChildren delete rows a tombstone holds back
	// (see Settle); the settleAll forms are for every id (SettleAll).
	settleRows, settleChildren, settleAllRows, settleAllChildren string
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

// skipCheck reports whether this write of the table skips the check.
func (q *tableSQL) skipCheck() bool {
	for {
		n := q.checks.Load()
		if n >= 0 {
			return false
		}
		if q.checks.CompareAndSwap(n, n+1) {
			return true
		}
	}
}

// oids returns the type OIDs of the table's columns, nil until known.
func (s *Store) oids(q *tableSQL) []uint32 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return q.oids
}

func (s *Store) setOIDs(q *tableSQL, oids []uint32) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q.oids = oids
}

func buildSQL(data, state string, t *Table) *tableSQL {
	sum := sha256.Sum256([]byte(data + "\x00" + t.Name + "\x00" + strings.Join(t.copyColumns, ",")))
	q := &tableSQL{temp: "stripesync_" + hex.EncodeToString(sum[:8])}
	target := quote(data, t.Name)
	// The temporary table lives as long as the connection and is emptied at
	// every commit, so a batch costs no DDL; DELETE empties it when one
	// transaction writes the table twice. The statements travel in one
	// simple query with the COPY (see copyRows).
	cols := make([]string, len(t.copyColumns))
	for i, c := range t.copyColumns {
		cols[i] = quote(c)
	}
	copyCols := " (" + strings.Join(cols, ", ") + ") FROM STDIN BINARY"
	q.copyTemp = "CREATE TEMPORARY TABLE IF NOT EXISTS " + quote(q.temp) + " (LIKE " + target + ") ON COMMIT DELETE ROWS;\n" +
		"DELETE FROM " + quote(q.temp) + ";\nCOPY " + quote(q.temp) + copyCols
	q.copyTarget = "SAVEPOINT " + savepoint + ";\nCOPY " + target + copyCols + ";\nRELEASE SAVEPOINT " + savepoint
	q.describe = "SELECT " + strings.Join(cols, ", ") + " FROM " + target + " WHERE false"
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
		q.replaceKept = replaceKeptSQL(quote(data, p.Table.Name), target, p.Column)
	}
	q.syncedAt, q.parentCol = -1, -1
	for i, c := range t.Columns {
		if c.Name == SyncedAtColumn {
			q.syncedAt = i
		}
	}
	checkSQL(q, data, state, t)
	settleSQL(q, data, state, t)
	return q
}

// checkSQL sets the queries that find the rows of a batch the upsert could
// do more with than insert: rows whose key is already in the table, rows a
// tombstone is as new as and child rows whose parent's tombstone or stored
// row is newer. Every other row is new and passes every guard of the
// upsert, which would plainly insert it; COPY inserts it at a fraction of
// the cost. The queries return keys and versions, compared in Go as the
// guards compare them (see probe.held), and find them with = ANY, through
// the primary key and parent column indexes. Tables whose key or parent
// columns are not text keep the upsert for every row.
func checkSQL(q *tableSQL, data, state string, t *Table) {
	pos := map[string]int{}
	for i, c := range t.Columns {
		pos[c.Name] = i
	}
	text := func(name string) bool {
		i, ok := pos[name]
		return ok && t.Columns[i].Type == "text"
	}
	for _, k := range t.PrimaryKey {
		if !text(k) {
			q.keyCols = nil
			return
		}
		q.keyCols = append(q.keyCols, pos[k])
	}
	if len(q.keyCols) == 0 {
		return
	}
	target := quote(data, t.Name)
	if len(t.PrimaryKey) == 1 {
		pk := quote(t.PrimaryKey[0])
		q.exist = "SELECT now(), ARRAY(SELECT t." + pk + " FROM " + target + " AS t WHERE t." + pk + " = ANY($1::text[]))"
	} else {
		var vars, unnest, match []string
		for i, k := range t.PrimaryKey {
			vars = append(vars, fmt.Sprintf("k%d", i))
			unnest = append(unnest, fmt.Sprintf("$%d::text[]", i+1))
			match = append(match, "t."+quote(k)+" = x."+vars[i])
		}
		q.exist = "SELECT now(), ARRAY(SELECT x.i FROM unnest(" + strings.Join(unnest, ", ") + ") WITH ORDINALITY AS x(" +
			strings.Join(vars, ", ") + ", i)\nWHERE EXISTS (SELECT 1 FROM " + target + " AS t WHERE " + strings.Join(match, " AND ") + "))"
	}
	q.idKey = -1
	for i, k := range t.PrimaryKey {
		if k == "id" {
			q.idKey = i
		}
	}
	q.tombs = `SELECT d."id", d.` + quote(VersionColumn) + " FROM " + quote(state, TombstoneTable) +
		` AS d WHERE d."table_name" = $1 AND d."id" = ANY($2::text[])`
	if t.Kind == KindChild && t.Parent != nil && t.Parent.Table != nil {
		if !text(t.Parent.Column) {
			q.keyCols = nil
			return
		}
		q.parentCol = pos[t.Parent.Column]
		q.parents = `SELECT p."id", p.` + quote(VersionColumn) + " FROM " + quote(data, t.Parent.Table.Name) +
			` AS p WHERE p."id" = ANY($1::text[])`
		if q.replace != "" {
			if q.idKey < 0 {
				q.keyCols = nil
				return
			}
			pc := quote(t.Parent.Column)
			q.children = "SELECT c." + pc + " FROM " + target + " AS c WHERE c." + pc + " = ANY($1::text[]) GROUP BY 1"
		}
	}
}

// replaceKeptSQL is replaceSQL with the rows kept given as arrays.
func replaceKeptSQL(parent, target, parentCol string) string {
	pc := quote(parentCol)
	return replaceSQL(parent, target, parentCol, "") + "\nAND NOT EXISTS (SELECT 1 FROM unnest($3::text[], $4::text[]) AS k(p, id) WHERE k.p = t." +
		pc + ` AND k.id = t."id")`
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
