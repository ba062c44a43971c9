package syncdb_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/valyala/fastjson"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/internal/syncdb"
)

// benchLines is the number of lines per invoice in the benchmarks.
const benchLines = 5

// benchObject returns the fixture of a resource with id made unique by n
// (invoices get benchLines lines).
func benchObject(tb testing.TB, fx map[string]json.RawMessage, resource string, n int) []byte {
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(fx[resource]))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		tb.Fatal(err)
	}
	id := fmt.Sprintf("%s_bench_%d", resource, n)
	m["id"] = id
	if resource == "invoice" {
		lines := m["lines"].(map[string]any)
		first := lines["data"].([]any)[0].(map[string]any)
		var data []any
		for k := range benchLines {
			line := map[string]any{}
			for key, v := range first {
				line[key] = v
			}
			line["id"] = fmt.Sprintf("il_bench_%d_%d", n, k)
			data = append(data, line)
		}
		lines["data"] = data
		lines["url"] = "/v1/invoices/" + id + "/lines"
	}
	out, err := json.Marshal(m)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

var benchResources = []struct{ resource, table string }{
	{"customer", "customers"}, {"charge", "charges"}, {"invoice", "invoices"},
}

// BenchmarkDecode measures decoding MB/s: the generated decoders against a
// generic encoding/json map decode and a fastjson parse of the same bytes
// (both before any walking a column mapping would need).
func BenchmarkDecode(b *testing.B) {
	fx := fixtures(b)
	for _, r := range benchResources {
		raw := benchObject(b, fx, r.resource, 0)
		table := generated.Registry.Table(r.table)
		b.Run(r.resource+"/generated", func(b *testing.B) {
			var d syncdb.Decoder
			b.SetBytes(int64(len(raw)))
			for b.Loop() {
				if _, err := d.Decode(raw, table, syncdb.Meta{Version: 1}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(r.resource+"/encoding_json_map", func(b *testing.B) {
			b.SetBytes(int64(len(raw)))
			for b.Loop() {
				var m map[string]any
				dec := json.NewDecoder(bytes.NewReader(raw))
				dec.UseNumber()
				if err := dec.Decode(&m); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(r.resource+"/fastjson_parse_walk", func(b *testing.B) {
			var p fastjson.Parser
			b.SetBytes(int64(len(raw)))
			for b.Loop() {
				v, err := p.ParseBytes(raw)
				if err != nil {
					b.Fatal(err)
				}
				walk(v)
			}
		})
		b.Run(r.resource+"/fastjson_parse", func(b *testing.B) {
			var p fastjson.Parser
			b.SetBytes(int64(len(raw)))
			for b.Loop() {
				if _, err := p.ParseBytes(raw); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// walk touches every value of a fastjson tree, the least a decoder built on
// it does (unescaping strings, reading numbers), before any column mapping.
func walk(v *fastjson.Value) {
	switch v.Type() {
	case fastjson.TypeObject:
		o, _ := v.Object()
		o.Visit(func(_ []byte, e *fastjson.Value) { walk(e) })
	case fastjson.TypeArray:
		a, _ := v.Array()
		for _, e := range a {
			walk(e)
		}
	case fastjson.TypeString:
		v.StringBytes()
	case fastjson.TypeNumber:
		v.Int64()
	}
}

// BenchmarkWrite measures rows per second written through the generated
// path (Store.Write: COPY into a temporary table, gated INSERT ... SELECT ...
// ON CONFLICT) next to a plain pgx CopyFrom of the same number of rows into
// an equivalent table (same columns and indexes), in batches of 500 objects
// with fresh ids. Each iteration runs both, interleaved, so a busy machine
// slows both alike; "ratio" is generated rows/s over plain rows/s.
func BenchmarkWrite(b *testing.B) {
	const batch = 500
	fx := fixtures(b)
	db := newDB(b, "stripe", "stripesync")
	ctx := context.Background()
	next := 0
	objects := func(resource string, table *syncdb.Table) []*syncdb.Object {
		var out []*syncdb.Object
		for range batch {
			next++
			out = append(out, decode(b, table, benchObject(b, fx, resource, next), syncdb.Meta{Version: 1}))
		}
		return out
	}
	for _, r := range benchResources {
		table := generated.Registry.Table(r.table)
		plainTables(b, db, table)
		b.Run(r.resource, func(b *testing.B) {
			var genTime, plainTime time.Duration
			rows := 0
			for b.Loop() {
				b.StopTimer()
				var bt syncdb.Batch
				for _, o := range objects(r.resource, table) {
					bt.Add(o)
				}
				plain := objects(r.resource, table)
				b.StartTimer()
				start := time.Now()
				db.write(b, &bt)
				genTime += time.Since(start)
				start = time.Now()
				rows += plainCopy(b, db, ctx, plain)
				plainTime += time.Since(start)
			}
			genRate, plainRate := float64(rows)/genTime.Seconds(), float64(rows)/plainTime.Seconds()
			b.ReportMetric(genRate, "rows/s")
			b.ReportMetric(plainRate, "plain-rows/s")
			b.ReportMetric(genRate/plainRate, "ratio")
		})
	}
}

// BenchmarkWriteUpdate measures rows per second through Store.Write when
// every row of the batch is already stored with an older version, as when
// events update objects already synced: each iteration writes the same
// objects again with a newer version. Batches of 500 objects and of 20.
func BenchmarkWriteUpdate(b *testing.B) {
	fx := fixtures(b)
	db := newDB(b, "stripe", "stripesync")
	next := 0
	for _, size := range []int{500, 20} {
		for _, r := range benchResources {
			table := generated.Registry.Table(r.table)
			raws := make([][]byte, size)
			for i := range raws {
				next++
				raws[i] = benchObject(b, fx, r.resource, next)
			}
			version := int64(0)
			batch := func() *syncdb.Batch {
				version++
				var bt syncdb.Batch
				for _, raw := range raws {
					bt.Add(decode(b, table, raw, syncdb.Meta{Version: version}))
				}
				return &bt
			}
			db.write(b, batch())
			b.Run(fmt.Sprintf("%s-%d", r.resource, size), func(b *testing.B) {
				var elapsed time.Duration
				rows := 0
				for b.Loop() {
					b.StopTimer()
					bt := batch()
					b.StartTimer()
					start := time.Now()
					st := db.write(b, bt)
					elapsed += time.Since(start)
					if st.Written != st.Rows {
						b.Fatalf("%+v: not every row updated", st)
					}
					rows += st.Rows
				}
				b.ReportMetric(float64(rows)/elapsed.Seconds(), "rows/s")
			})
		}
	}
}

// plainTables creates plain copies of a table and its child tables.
func plainTables(b *testing.B, db *testDB, t *syncdb.Table) {
	for _, tt := range append([]*syncdb.Table{t}, t.Children...) {
		sql := fmt.Sprintf(`CREATE TABLE IF NOT EXISTS public.%s (LIKE stripe.%s INCLUDING ALL)`,
			pgx.Identifier{tt.Name}.Sanitize(), pgx.Identifier{tt.Name}.Sanitize())
		if _, err := db.pool.Exec(context.Background(), sql); err != nil {
			b.Fatal(err)
		}
	}
}

// plainCopy COPYs the objects' rows and their nested rows into the plain
// tables in one transaction and returns the number of rows.
func plainCopy(b *testing.B, db *testDB, ctx context.Context, objs []*syncdb.Object) int {
	byTable := map[*syncdb.Table][][]any{}
	var add func(o *syncdb.Object)
	add = func(o *syncdb.Object) {
		byTable[o.Table] = append(byTable[o.Table], o.Row.Values(nil))
		for _, l := range o.Lists {
			for _, it := range l.Items {
				add(it)
			}
		}
	}
	for _, o := range objs {
		add(o)
	}
	n := 0
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		for t, rows := range byTable {
			cols := make([]string, len(t.Columns))
			for i, c := range t.Columns {
				cols[i] = c.Name
			}
			c, err := tx.CopyFrom(ctx, pgx.Identifier{"public", t.Name}, cols, pgx.CopyFromRows(rows))
			if err != nil {
				return err
			}
			n += int(c)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}
