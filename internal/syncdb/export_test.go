package syncdb

import (
	"bytes"

	"github.com/jackc/pgx/v5/pgtype"
)

// UpsertOnly makes the store send every row through the temporary table
// and the upsert, as before new rows were COPYed straight into the table.
func UpsertOnly(s *Store) { s.upsertOnly = true }

// EncodeCopy returns rows in COPY's binary format as the writer encodes them.
func EncodeCopy(m *pgtype.Map, oids []uint32, rows []Row) ([]byte, error) {
	var buf bytes.Buffer
	err := newCopyEncoder(m, oids).encode(&buf, rows, -1, nil)
	return buf.Bytes(), err
}

// CopiedRows is how many rows the store COPYed straight into their table.
func CopiedRows(s *Store) int64 { return s.copied.Load() }
