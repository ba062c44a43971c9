package syncdb_test

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/internal/syncdb"
)

// columnOIDs are the type OIDs of the column types the generator writes.
var columnOIDs = map[string]uint32{
	"text": pgtype.TextOID, "bigint": pgtype.Int8OID, "integer": pgtype.Int4OID, "boolean": pgtype.BoolOID,
	"numeric": pgtype.NumericOID, "jsonb": pgtype.JSONBOID, "timestamptz": pgtype.TimestamptzOID,
	"text[]": pgtype.TextArrayOID,
}

// TestCopyEncoding encodes the rows of every fixture (and of their nested
// lists) as the writer does and as pgtype.Map.Encode does value by value:
// the COPY data must be the same bytes.
func TestCopyEncoding(t *testing.T) {
	fx := fixtures(t)
	m := pgtype.NewMap()
	byTable := map[*syncdb.Table][]syncdb.Row{}
	var add func(o *syncdb.Object)
	add = func(o *syncdb.Object) {
		if o.Row != nil {
			byTable[o.Table] = append(byTable[o.Table], o.Row)
		}
		for _, l := range o.Lists {
			for _, it := range l.Items {
				add(it)
			}
		}
	}
	for _, table := range generated.Registry.Tables {
		if raw, ok := fx[table.Resource]; ok {
			add(decode(t, table, withID(t, raw, "fixture_"+table.Name), syncdb.Meta{Version: 1, ParentID: "parent_1"}))
		}
	}
	for table, rows := range byTable {
		oids := make([]uint32, len(table.Columns))
		for i, c := range table.Columns {
			oid, ok := columnOIDs[c.Type]
			if !ok {
				t.Fatalf("%s.%s: no OID for type %s", table.Name, c.Name, c.Type)
			}
			oids[i] = oid
		}
		want := []byte("PGCOPY\n\xff\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00")
		for _, r := range rows {
			vals := r.Values(nil)
			want = binary.BigEndian.AppendUint16(want, uint16(len(vals)))
			for i, v := range vals {
				// A non-nil buffer tells an empty value from NULL (nil).
				b, err := m.Encode(oids[i], pgtype.BinaryFormatCode, v, []byte{})
				if err != nil {
					t.Fatalf("%s.%s: %v", table.Name, table.Columns[i].Name, err)
				}
				if b == nil {
					want = binary.BigEndian.AppendUint32(want, 0xffffffff)
					continue
				}
				want = binary.BigEndian.AppendUint32(want, uint32(len(b)))
				want = append(want, b...)
			}
		}
		want = binary.BigEndian.AppendUint16(want, 0xffff)
		got, err := syncdb.EncodeCopy(m, oids, rows)
		if err != nil {
			t.Fatalf("%s: %v", table.Name, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: COPY data differs from pgtype.Map.Encode's", table.Name)
		}
	}
}
