package upcoming_test

import (
	"fmt"
	"testing"

	"github.com/stripesync/stripesync/runtime/upcoming"
)

func TestSubjects(t *testing.T) {
	cus := upcoming.Subject{Kind: upcoming.Customer, ID: "cus_1"}
	sub := upcoming.Subject{Kind: upcoming.Subscription, ID: "sub_1"}
	cases := []struct {
		event, object string
		want          []upcoming.Subject
	}{
		{"customer.updated", `{"object":"customer","id":"cus_1"}`, []upcoming.Subject{cus}},
		{"customer.subscription.updated", `{"object":"subscription","id":"sub_1","customer":"cus_1"}`, []upcoming.Subject{sub, cus}},
		{"customer.subscription.deleted", `{"object":"subscription","id":"sub_1","customer":{"id":"cus_1","object":"customer"}}`, []upcoming.Subject{sub, cus}},
		{"invoice.paid", `{"object":"invoice","id":"in_1","customer":"cus_1","parent":{"subscription_details":{"subscription":"sub_1"}}}`, []upcoming.Subject{sub, cus}},
		{"invoice.paid", `{"object":"invoice","id":"in_1","customer":"cus_1","subscription":"sub_1"}`, []upcoming.Subject{sub, cus}},
		{"invoice.upcoming", `{"object":"invoice","customer":"cus_1","subscription":null,"parent":null}`, []upcoming.Subject{cus}},
		{"invoiceitem.created", `{"object":"invoiceitem","id":"ii_1","customer":"cus_1","parent":null}`, []upcoming.Subject{cus}},
		{"subscription_schedule.updated", `{"object":"subscription_schedule","customer":"cus_1","subscription":"sub_1"}`, []upcoming.Subject{sub, cus}},
		{"customer.discount.created", `{"object":"discount","customer":"cus_1","subscription":"sub_1"}`, []upcoming.Subject{sub, cus}},
		{"customer.tax_id.created", `{"object":"tax_id","id":"txi_1","customer":"cus_1"}`, []upcoming.Subject{cus}},
		{"credit_note.created", `{"object":"credit_note","id":"cn_1","customer":"cus_1"}`, []upcoming.Subject{cus}},
		{"price.updated", `{"object":"price","id":"price_1"}`, nil},
		{"charge.succeeded", `{"object":"charge","id":"ch_1","customer":"cus_1"}`, nil},
	}
	for _, c := range cases {
		got, err := upcoming.Subjects(c.event, []byte(c.object))
		if err != nil || fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s %s: %v %v, want %v", c.event, c.object, got, err, c.want)
		}
	}
	if _, err := upcoming.Subjects("customer.updated", []byte(`[`)); err == nil {
		t.Error("a broken object gave no error")
	}
}

func TestSkipUpsert(t *testing.T) {
	if !upcoming.SkipUpsert("invoice.upcoming") {
		t.Error("invoice.upcoming would be upserted as an invoice")
	}
	for _, e := range []string{"invoice.created", "invoice.updated", "invoice.paid", "customer.updated"} {
		if upcoming.SkipUpsert(e) {
			t.Errorf("%s is skipped", e)
		}
	}
}
