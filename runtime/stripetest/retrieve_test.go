package stripetest

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestRetrieveLiveDeletedAndMissing(t *testing.T) {
	s := NewTestServer(t)
	cus := mustCreate(t, s, "customer", nil)
	ch := mustCreate(t, s, "charge", map[string]any{"customer": cus.ID})
	status, body, _ := call(t, s, "/v1/customers/"+cus.ID, nil)
	if status != 200 || field(t, body, "id") != cus.ID || field(t, body, "object") != "customer" {
		t.Fatalf("live: %d %s", status, body[:80])
	}
	if err := s.Delete(cus.ID); err != nil {
		t.Fatal(err)
	}
	status, body, _ = call(t, s, "/v1/customers/"+cus.ID, nil)
	var stub map[string]any
	_ = json.Unmarshal(body, &stub)
	if status != 200 || len(stub) != 3 || stub["deleted"] != true || stub["object"] != "customer" || stub["id"] != cus.ID {
		t.Errorf("deleted customer: %d %s", status, body)
	}
	if err := s.Delete(ch.ID); err != nil {
		t.Fatal(err)
	}
	status, body, _ = call(t, s, "/v1/charges/"+ch.ID, nil)
	if e := apiErr(t, body); status != 404 || e.Code != "resource_missing" || e.Param != "id" ||
		!strings.Contains(e.Message, ch.ID) {
		t.Errorf("deleted charge (no deleted stub in the spec): %d %+v", status, e)
	}
	status, body, _ = call(t, s, "/v1/customers/cus_nope", nil)
	if e := apiErr(t, body); status != 404 || e.Message != "No such customer: 'cus_nope'" {
		t.Errorf("missing: %d %+v", status, e)
	}
	status, _, _ = call(t, s, "/v1/nothing/here", nil)
	if status != 404 {
		t.Errorf("unknown route: %d", status)
	}
	sn := s.State()
	if sn.Count("customer") != 0 || len(sn.Deleted["customer"]) != 1 || len(sn.Deleted["charge"]) != 1 {
		t.Errorf("state after deletes: %d live, deleted %v", sn.Count("customer"), sn.Deleted)
	}
}

func TestReferencesResolveAndExpand(t *testing.T) {
	s := NewTestServer(t)
	cus := mustCreate(t, s, "customer", nil)
	ch := mustCreate(t, s, "charge", nil)
	if got := field(t, ch.JSON, "customer"); got != cus.ID {
		t.Errorf("charge.customer = %v, want the only customer %s", got, cus.ID)
	}
	status, body, _ := call(t, s, "/v1/charges/"+ch.ID, vals("expand[]", "customer"))
	exp, _ := field(t, body, "customer").(map[string]any)
	if status != 200 || exp["id"] != cus.ID {
		t.Errorf("expand customer: %d %v", status, field(t, body, "customer"))
	}
	p := getList(t, s, "/v1/charges", vals("expand[]", "data.customer"))
	if exp, _ := field(t, p.Data[0], "customer").(map[string]any); exp["id"] != cus.ID {
		t.Errorf("list expand: %v", field(t, p.Data[0], "customer"))
	}
	if n := len(getList(t, s, "/v1/charges", vals("customer", "cus_other")).Data); n != 0 {
		t.Errorf("customer filter kept %d charges", n)
	}
	if n := len(getList(t, s, "/v1/charges", vals("customer", cus.ID)).Data); n != 1 {
		t.Errorf("customer filter: %d charges", n)
	}
}

func TestIDsKeepFixturePrefixes(t *testing.T) {
	s := NewTestServer(t)
	want := map[string]string{"customer": "cus_", "checkout.session": "cs_test_", "subscription_schedule": "sub_sched_",
		"invoice": "in_", "capability": "card_payments_", "price": "price_"}
	for res, prefix := range want {
		o := mustCreate(t, s, res, nil)
		if !strings.HasPrefix(o.ID, prefix) || len(o.ID) <= len(prefix)+8 {
			t.Errorf("%s id %q, want prefix %q", res, o.ID, prefix)
		}
	}
	c := mustCreate(t, s, "coupon", nil)
	if len(c.ID) < 8 || strings.ToUpper(c.ID) != c.ID {
		t.Errorf("coupon id %q: fixture ids without a prefix become upper-case codes", c.ID)
	}
}

func TestExpandIncludableLists(t *testing.T) {
	s := NewTestServer(t)
	cs := mustCreate(t, s, "checkout.session", nil)
	for range 3 {
		mustCreate(t, s, "item", nil, Parent(cs.ID))
	}
	if field(t, cs.JSON, "line_items") != nil {
		t.Fatal("line_items shown without expand")
	}
	status, body, _ := call(t, s, "/v1/checkout/sessions/"+cs.ID, vals("expand[]", "line_items"))
	li, _ := field(t, body, "line_items").(map[string]any)
	if status != 200 || len(li["data"].([]any)) != 3 || li["url"] != "/v1/checkout/sessions/"+cs.ID+"/line_items" {
		t.Errorf("expanded line_items: %d %v", status, li)
	}
}
