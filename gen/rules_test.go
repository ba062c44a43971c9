package gen

import (
	"strings"
	"testing"

	"github.com/stripesync/stripesync/gen/ir"
	"github.com/stripesync/stripesync/openapi"
)

func str() *openapi.Schema { return &openapi.Schema{Type: "string"} }

func obj(props ...*openapi.Property) *openapi.Schema {
	return &openapi.Schema{Type: "object", Properties: props}
}

func prop(name string, s *openapi.Schema) *openapi.Property {
	return &openapi.Property{Name: name, Schema: s}
}

func resource(name string) *openapi.Schema {
	return &openapi.Schema{Name: name, ResourceID: name, Type: "object", Properties: []*openapi.Property{prop("id", str())}}
}

// TestRules places one field per case and checks which rule took it and the
// columns it produced.
func TestRules(t *testing.T) {
	wide := obj()
	for i := 0; i < DefaultPolicy.MaxFlattenColumns+1; i++ {
		wide.Properties = append(wide.Properties, prop("f"+strings.Repeat("x", i), str()))
	}
	deep := obj(prop("a", obj(prop("b", obj(prop("c", obj(prop("d", str()))))))))
	list := obj(prop("object", &openapi.Schema{Type: "string", Enum: []string{"list"}}),
		prop("data", &openapi.Schema{Type: "array", Items: resource("part")}),
		prop("has_more", &openapi.Schema{Type: "boolean"}))
	expandable := &openapi.Schema{AnyOf: []*openapi.Schema{str(), resource("customer"), resource("deleted_customer")}}
	poly := &openapi.Schema{AnyOf: []*openapi.Schema{str(), resource("card"), resource("bank_account")}}
	cases := []struct {
		name   string
		schema *openapi.Schema
		rule   string
		cols   string // name:type pairs
	}{
		{"object", &openapi.Schema{Type: "string", Enum: []string{"charge"}}, "constant", ""},
		{"lines", list, "nested-list", ""},
		{"customer", expandable, "expandable", "customer_id:text"},
		{"source", poly, "expandable", "source_id:text source_type:text"},
		{"discounts", &openapi.Schema{Type: "array", Items: expandable}, "expandable-array", "discounts:text[]"},
		{"metadata", &openapi.Schema{Type: "object", AdditionalProperties: str()}, "metadata", "metadata:jsonb"},
		{"rates", &openapi.Schema{Type: "object", AdditionalProperties: obj(prop("x", str()))}, "map", "rates:jsonb"},
		{"payload", &openapi.Schema{Type: "object", FreeForm: true}, "free-form", "payload:jsonb"},
		{"details", &openapi.Schema{AnyOf: []*openapi.Schema{obj(prop("a", str())), obj(prop("b", str()))}}, "polymorphic", "details:jsonb"},
		{"created", &openapi.Schema{Type: "integer", Format: "unix-time"}, "timestamp", "created:timestamptz"},
		{"quantity_decimal", &openapi.Schema{Type: "string", Format: "decimal"}, "decimal", "quantity_decimal:numeric"},
		{"amount", &openapi.Schema{Type: "integer"}, "scalar", "amount:bigint"},
		{"status", &openapi.Schema{Type: "string", Enum: []string{"a", "b"}}, "scalar", "status:text"},
		{"ratio", &openapi.Schema{Type: "number"}, "scalar", "ratio:numeric"},
		{"tags", &openapi.Schema{Type: "array", Items: str()}, "scalar-array", "tags:text[]"},
		{"tiers", &openapi.Schema{Type: "array", Items: obj(prop("up_to", str()))}, "object-array", "tiers:jsonb"},
		{"address", obj(prop("city", str()), prop("line1", str())), "flatten", "address_city:text address_line1:text"},
		{"big", wide, "large-object", "big:jsonb"},
		{"deep", deep, "flatten", "deep_a_b_c:jsonb"},
		{"weird", &openapi.Schema{}, "fallback", "weird:jsonb"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := newTableBuilder(&ir.Table{Name: "things"}, DefaultPolicy)
			b.place(field{path: []string{c.name}, schema: c.schema})
			if b.rule != c.rule && !(c.rule == "flatten" && len(b.t.Columns) > 0) {
				t.Errorf("rule %q, want %q", b.rule, c.rule)
			}
			var got []string
			for _, col := range b.t.Columns {
				got = append(got, col.Name+":"+col.Type)
				if col.Reason == "" || col.Rule == "" {
					t.Errorf("column %s has no rule or reason", col.Name)
				}
			}
			if strings.Join(got, " ") != c.cols {
				t.Errorf("columns %q, want %q", strings.Join(got, " "), c.cols)
			}
		})
	}
}

func TestNames(t *testing.T) {
	for in, want := range map[string]string{
		"customer": "customers", "checkout.session": "checkout_sessions", "issuing.card": "issuing_cards",
		"tax_id": "tax_ids", "capability": "capabilities", "billing_portal.configuration": "billing_portal_configurations",
		"person": "persons", "line_item": "invoice_line_items", "invoiceitem": "invoice_items", "fee_refund": "application_fee_refunds",
		"box": "boxes", "address": "addresses", "key": "keys",
	} {
		if got := tableName(in); got != want {
			t.Errorf("tableName(%q) = %q, want %q", in, got, want)
		}
	}
	long := strings.Repeat("payment_method_options_", 4)
	a, b := ident(long, 63), ident(long+"x", 63)
	if len(a) != 63 || len(b) != 63 || a == b || ident(long, 63) != a {
		t.Errorf("ident not deterministic or not distinct: %q %q", a, b)
	}
	if ident("short", 63) != "short" {
		t.Error("short names must not change")
	}
	if got := normalizePath("/v1/transfers/{id}/reversals"); got != "/v1/transfers/{}/reversals" {
		t.Errorf("normalizePath = %q", got)
	}
}

func TestDomains(t *testing.T) {
	for in, want := range map[string]string{
		"issuing.card": "issuing", "charge": "payments", "invoice": "billing", "customer": "customers",
		"account": "connect", "checkout.session": "checkout", "tax.registration": "tax", "unknown_thing": "other",
	} {
		if got := domainOf(in); got != want {
			t.Errorf("domainOf(%q) = %q, want %q", in, got, want)
		}
	}
}
