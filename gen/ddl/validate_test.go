package ddl

import (
	"strings"
	"testing"

	"github.com/stripesync/stripesync/gen/ir"
)

func TestValidateErrors(t *testing.T) {
	long := strings.Repeat("x", 64)
	cases := []struct {
		name   string
		mutate func(s *ir.Schema)
		want   string
	}{
		{"long table", func(s *ir.Schema) { s.Tables[0].Name = long },
			`gen: ddl: table "` + long + `": name is 64 bytes, over Postgres's 63`},
		{"long column", func(s *ir.Schema) { s.Tables[0].Columns[2].Name = long },
			`gen: ddl: table "customers": column "` + long + `": name is 64 bytes`},
		{"long index", func(s *ir.Schema) { s.Tables[0].Indexes[0].Name = long },
			`gen: ddl: table "customers": index "` + long + `": name is 64 bytes`},
		{"nullable key", func(s *ir.Schema) { s.Tables[0].Columns[0].Nullable = true },
			`gen: ddl: table "customers": primary key column "id": nullable`},
		{"unknown key", func(s *ir.Schema) { s.Tables[0].PrimaryKey = []string{"nope"} },
			`primary key column "nope": no such column`},
		{"index column", func(s *ir.Schema) { s.Tables[0].Indexes[0].Columns = []string{"nope"} },
			`index "customers_metadata_idx": column "nope": no such column`},
		{"index method", func(s *ir.Schema) { s.Tables[0].Indexes[0].Method = "hash" },
			`method "hash": want btree or gin`},
		{"duplicate column", func(s *ir.Schema) { s.Tables[0].Columns[2].Name = "end" },
			`column "end": duplicate`},
		{"index named like a table", func(s *ir.Schema) { s.Tables[1].Indexes[0].Name = "customers" },
			`index "customers": name "customers" already used by table customers`},
		{"odd type", func(s *ir.Schema) { s.Tables[0].Columns[2].Type = "text; DROP TABLE x" },
			`type "text; DROP TABLE x" is not a plain type name`},
		{"schema", func(s *ir.Schema) { s.Tables[2].Schema = "public" },
			`gen: ddl: table "event_cursor": schema "public"`},
		{"backslash dollar", func(s *ir.Schema) { s.Tables[0].Columns[1].Comment = `costs \$5` },
			`column "end": comment has a backslash before "$"`},
		{"default schema name", func(s *ir.Schema) { s.DataSchema = "Stripe}" },
			`gen: ddl: schema name "Stripe}"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := smallSchema()
			c.mutate(s)
			_, err := Emit(s)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Emit error = %v, want it to contain %q", err, c.want)
			}
		})
	}
}

func TestValidateAccepts63Bytes(t *testing.T) {
	s := smallSchema()
	s.Tables[0].Columns[5].Name = strings.Repeat("y", 63)
	if _, err := Emit(s); err != nil {
		t.Errorf("63-byte name rejected: %v", err)
	}
}
