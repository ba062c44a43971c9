package pgcatalog

import (
	"strings"
	"testing"
)

func sample() *Catalog {
	return &Catalog{
		Schemas: []string{"stripe"},
		Tables: []*Table{{
			Schema: "stripe", Name: "customers", Comment: "Customers.",
			PrimaryKey: []string{"id"},
			Columns: []*Column{
				{Name: "id", Type: "text", NotNull: true},
				{Name: "email", Type: "text", Comment: "Email."},
				{Name: "_synced_at", Type: "timestamp with time zone", Default: "now()"},
			},
			Indexes: []*Index{{Name: "customers_email_idx", Method: "btree", Columns: []string{"email"}, Def: "CREATE INDEX ..."}},
		}},
	}
}

func TestDiffEqual(t *testing.T) {
	if d := Diff(sample(), sample()); len(d) != 0 {
		t.Errorf("Diff of equal catalogs: %q", d)
	}
}

func TestDiffIgnoresColumnOrder(t *testing.T) {
	got := sample()
	cols := got.Tables[0].Columns
	cols[0], cols[2] = cols[2], cols[0]
	if d := Diff(sample(), got); len(d) != 0 {
		t.Errorf("column order should not count: %q", d)
	}
}

func TestDiffReportsEachDifference(t *testing.T) {
	got := sample()
	tb := got.Tables[0]
	tb.Comment = "Other."
	tb.Columns[1].Type = "bigint"
	tb.Columns[1].Comment = ""
	tb.Columns = append(tb.Columns[:2], &Column{Name: "extra", Type: "text"})
	tb.Indexes[0].Method = "gin"
	tb.Indexes[0].Def = ""
	tb.Constraints = []*Constraint{{Name: "customers_fk", Type: "f", Def: "FOREIGN KEY ..."}}
	got.Tables = append(got.Tables, &Table{Schema: "stripe", Name: "zz"})
	want := []string{
		`table stripe.customers: comment: want "Customers.", got "Other."`,
		`table stripe.customers: column _synced_at: missing`,
		`table stripe.customers: column email: type: want "text", got "bigint"`,
		`table stripe.customers: column email: comment: want "Email.", got ""`,
		`table stripe.customers: column extra: unexpected`,
		`table stripe.customers: index customers_email_idx: method: want "btree", got "gin"`,
		`table stripe.customers: constraint customers_fk: unexpected`,
		`table stripe.zz: unexpected`,
	}
	if d := Diff(sample(), got); strings.Join(d, "\n") != strings.Join(want, "\n") {
		t.Errorf("Diff:\n%s\nwant:\n%s", strings.Join(d, "\n"), strings.Join(want, "\n"))
	}
}

func TestDiffSchemas(t *testing.T) {
	got := &Catalog{Schemas: []string{"other"}}
	want := []string{"schema other: unexpected", "schema stripe: missing", "table stripe.customers: missing"}
	if d := Diff(sample(), got); strings.Join(d, "\n") != strings.Join(want, "\n") {
		t.Errorf("Diff:\n%s", strings.Join(d, "\n"))
	}
}
