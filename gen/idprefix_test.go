package gen

import (
	"testing"

	"github.com/stripe/stripe-mock/embedded"

	"github.com/stripesync/stripesync/gen/ir"
)

func TestAddTargetPrefixes(t *testing.T) {
	s := &ir.Schema{Tables: []*ir.Table{{Name: "customers", Columns: []*ir.Column{
		{Name: "default_source_type", Kind: ir.ColRefType, Targets: []string{"bank_account", "card", "deleted_card", "source", "nope"}},
	}}}}
	if err := AddTargetPrefixes(s, embedded.OpenAPIFixtures); err != nil {
		t.Fatal(err)
	}
	got := s.Tables[0].Columns[0].TargetPrefixes
	want := []string{"ba_", "card_", "card_", "src_", ""}
	if len(got) != len(want) {
		t.Fatalf("prefixes %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("prefix of %s = %q, want %q", s.Tables[0].Columns[0].Targets[i], got[i], want[i])
		}
	}
}
