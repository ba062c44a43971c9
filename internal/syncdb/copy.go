package syncdb

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"reflect"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

// The writer encodes COPY data itself (binary format, with the type OIDs of
// the table's columns, described once per store and table in a pipelined
// query) rather than through pgx.Conn.CopyFrom, so that a COPY travels in
// one simple-protocol message with the statements around it: the temporary
// table's creation and emptying before it, or a savepoint and its release
// around it. One round trip per COPY.

// copyHeader starts binary COPY data: the signature, no flags, no header
// extension.
var copyHeader = []byte("PGCOPY\n\xff\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00")

// copyRows runs sql (statements ending with or around one COPY ... FROM
// STDIN BINARY) with rows as the COPY's data; syncedAt >= 0 replaces that
// column's value with now. Rows are encoded while earlier ones are sent.
func copyRows(ctx context.Context, tx pgx.Tx, sql string, oids []uint32, rows []Row, syncedAt int, now pgtype.Timestamptz) error {
	conn := tx.Conn()
	pr, pw := io.Pipe()
	enc := newCopyEncoder(conn.TypeMap(), oids)
	done := make(chan struct{})
	go func() {
		defer close(done)
		pw.CloseWithError(enc.encode(pw, rows, syncedAt, &now))
	}()
	_, err := conn.PgConn().CopyFrom(ctx, pr, sql)
	// Stop the encoder if the COPY ended early.
	pr.CloseWithError(io.ErrClosedPipe)
	<-done
	return err
}

// copyChunk is about how much encoded data is handed over at a time.
const copyChunk = 64 << 10

// copyEncoder encodes rows in COPY's binary format, with each column's
// encode plan looked up once per Go type rather than once per value.
type copyEncoder struct {
	m       *pgtype.Map
	oids    []uint32
	types   []reflect.Type
	nilable []bool
	plans   []pgtype.EncodePlan
}

func newCopyEncoder(m *pgtype.Map, oids []uint32) *copyEncoder {
	return &copyEncoder{m: m, oids: oids, types: make([]reflect.Type, len(oids)),
		nilable: make([]bool, len(oids)), plans: make([]pgtype.EncodePlan, len(oids))}
}

// encode writes the COPY data of rows to w in chunks.
func (e *copyEncoder) encode(w io.Writer, rows []Row, syncedAt int, now *pgtype.Timestamptz) error {
	buf := make([]byte, 0, copyChunk+copyChunk/4)
	buf = append(buf, copyHeader...)
	var vals []any
	for _, r := range rows {
		vals = r.Values(vals[:0])
		if len(vals) != len(e.oids) {
			return fmt.Errorf("row has %d values for %d columns", len(vals), len(e.oids))
		}
		if syncedAt >= 0 {
			vals[syncedAt] = now
		}
		buf = binary.BigEndian.AppendUint16(buf, uint16(len(vals)))
		for i, v := range vals {
			var err error
			if buf, err = e.value(buf, i, v); err != nil {
				return fmt.Errorf("column %d: %w", i+1, err)
			}
		}
		if len(buf) >= copyChunk {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	buf = binary.BigEndian.AppendUint16(buf, 0xffff)
	_, err := w.Write(buf)
	return err
}

// value appends one field: its length and its binary encoding, or -1 for
// NULL. It encodes as pgtype.Map.Encode does.
func (e *copyEncoder) value(buf []byte, i int, v any) ([]byte, error) {
	at := len(buf)
	buf = append(buf, 0xff, 0xff, 0xff, 0xff) // NULL unless a value follows
	if v == nil {
		return buf, nil
	}
	if t := reflect.TypeOf(v); t != e.types[i] {
		switch t.Kind() {
		case reflect.Chan, reflect.Func, reflect.Map, reflect.Pointer, reflect.UnsafePointer, reflect.Interface, reflect.Slice:
			e.nilable[i] = true
		default:
			e.nilable[i] = false
		}
		e.types[i], e.plans[i] = t, e.m.PlanEncode(e.oids[i], pgtype.BinaryFormatCode, v)
	}
	var out []byte
	var err error
	if e.plans[i] == nil || e.nilable[i] && reflect.ValueOf(v).IsNil() {
		// Nil values (NULL, or a nil driver.Valuer's value) and values
		// without a plan (an error) take the general path.
		out, err = e.m.Encode(e.oids[i], pgtype.BinaryFormatCode, v, buf)
	} else {
		out, err = e.plans[i].Encode(v, buf)
	}
	if err != nil {
		return nil, err
	}
	if out == nil {
		return buf, nil
	}
	binary.BigEndian.PutUint32(out[at:], uint32(len(out)-at-4))
	return out, nil
}

// isRetryable reports whether a COPY straight into a table failed in a way
// the upsert copes with: a unique violation (another transaction inserted
// one of the rows since the check) or a COPY the table does not support
// (row-level security).
func isRetryable(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && (pgErr.Code == "23505" || pgErr.Code == "0A000")
}
