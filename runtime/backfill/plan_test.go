package backfill_test

import (
	"strings"
	"testing"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/runtime/backfill"
)

func TestPlan(t *testing.T) {
	jobs, err := backfill.Plan(generated.Registry)
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string]*backfill.Job{}
	pos := map[*backfill.Job]int{}
	for i, j := range jobs {
		if byKey[j.String()] != nil {
			t.Errorf("duplicate job %s", j)
		}
		byKey[j.String()], pos[j] = j, i
		for _, d := range j.Deps() {
			if pos[d] >= i || byKey[d.String()] != d {
				t.Errorf("%s comes before its dependency %s", j, d)
			}
		}
	}
	cases := []struct {
		job, param, fills string
	}{
		{"subscriptions /v1/subscriptions", "status=all", "subscriptions subscription_items"},
		{"invoices /v1/invoices", "", "invoices invoice_line_items"},
		{"customers /v1/customers", "expand%5B%5D=data.sources&expand%5B%5D=data.tax_ids", "customers bank_accounts cards sources tax_ids"},
		{"bank_accounts /v1/accounts/{account}/external_accounts", "", "bank_accounts cards"},
		{"customers /v1/customers?test_clock={test_clock}", "expand%5B%5D=data.sources&expand%5B%5D=data.tax_ids", "customers bank_accounts cards sources tax_ids"},
		{"checkout_line_items /v1/checkout/sessions/{session}/line_items", "", "checkout_line_items"},
	}
	for _, c := range cases {
		j := byKey[c.job]
		if j == nil {
			t.Errorf("no job %s", c.job)
			continue
		}
		if got := j.Params.Encode(); got != c.param {
			t.Errorf("%s: params %q, want %q", c.job, got, c.param)
		}
		var fills []string
		for _, tb := range j.Fills {
			fills = append(fills, tb.Name)
		}
		if got := strings.Join(fills, " "); got != c.fills {
			t.Errorf("%s: fills %q, want %q", c.job, got, c.fills)
		}
	}
	for _, gone := range []string{"bank_accounts /v1/customers/{customer}/sources", "tax_ids /v1/customers/{customer}/tax_ids"} {
		if byKey[gone] != nil {
			t.Errorf("%s: the customers list expands it", gone)
		}
	}
	for _, j := range jobs {
		for _, tb := range j.Tables {
			if tb.Name == "invoice_line_items" || tb.Name == "subscription_items" {
				t.Errorf("%s: embedded child tables need no job of their own", j)
			}
		}
	}
	sub, err := backfill.Plan(generated.Registry, "cards")
	if err != nil || len(sub) != 3 {
		t.Errorf("jobs filling cards: %v %v", sub, err)
	}
}
