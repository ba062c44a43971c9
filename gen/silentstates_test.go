package gen

import (
	"slices"
	"testing"

	"github.com/stripesync/stripesync/gen/ir"
	"github.com/stripesync/stripesync/openapi"
)

// TestSilentStatesApply: at the pinned version balance transactions revisit
// their pending rows; the rule stops applying when the spec's status enum
// no longer has "pending", or when no top-level list takes a created range.
func TestSilentStatesApply(t *testing.T) {
	api, err := openapi.LoadPinned()
	if err != nil {
		t.Fatal(err)
	}
	s, err := Build(api)
	if err != nil {
		t.Fatal(err)
	}
	bt := s.Table("balance_transactions")
	if ss := bt.SilentStates; ss == nil || ss.Rule != ruleSilentStates || ss.Column != "status" ||
		!slices.Equal(ss.Values, []string{"pending"}) || ss.Reason == "" {
		t.Fatalf("balance_transactions silent states %+v", bt.SilentStates)
	}
	silentIndexes := func() (out []*ir.Index) {
		for _, ix := range bt.Indexes {
			if ix.Where != "" {
				out = append(out, ix)
			}
		}
		return out
	}
	if ix := silentIndexes(); len(ix) != 1 || ix[0].Name != "balance_transactions_status_silent_idx" ||
		ix[0].Where != `"status" IN ('pending')` || !slices.Equal(ix[0].Columns, []string{"created"}) {
		t.Fatalf("balance_transactions partial indexes %+v", ix)
	}
	for _, tb := range s.Tables {
		if tb.SilentStates != nil && tb != bt {
			t.Errorf("%s has silent states %+v", tb.Name, tb.SilentStates)
		}
	}
	reapply := func() *ir.SilentStates {
		bt.SilentStates = nil
		applySilentStates(api, s, map[string]string{"balance_transaction": bt.Name}, DefaultPolicy.MaxIdentifier)
		return bt.SilentStates
	}
	if reapply() == nil || len(silentIndexes()) != 1 {
		t.Fatalf("the rule does not apply again to the same model, once: %+v", silentIndexes())
	}
	status := api.Resource("balance_transaction").Schema.Property("status")
	kept := status.Schema
	status.Schema = &openapi.Schema{Type: "string", Enum: []string{"available", "settled"}}
	if ss := reapply(); ss != nil {
		t.Errorf("applied without pending in the enum: %+v", ss)
	}
	status.Schema = kept
	for _, l := range bt.Lists {
		l.Created = false
	}
	if ss := reapply(); ss != nil {
		t.Errorf("applied without a created filter: %+v", ss)
	}
}
