package stripetest

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// previewJSON is the part of a preview invoice the tests read.
type previewJSON struct {
	ID       *string `json:"id"`
	Customer string  `json:"customer"`
	Total    int64   `json:"total"`
	Parent   *struct {
		SubscriptionDetails struct {
			Subscription string `json:"subscription"`
		} `json:"subscription_details"`
	} `json:"parent"`
	Lines listPage `json:"lines"`
}

// billedSubscription creates a customer with an active subscription of n
// items, each 2 × 1500, and returns the customer and subscription ids.
func billedSubscription(t testing.TB, s *Server, n int) (string, string) {
	t.Helper()
	cus := mustCreate(t, s, "customer", nil)
	price := mustCreate(t, s, "price", map[string]any{"unit_amount": 1500, "currency": "usd"})
	sub := mustCreate(t, s, "subscription", map[string]any{"customer": cus.ID, "status": "active"})
	for range n {
		mustCreate(t, s, "subscription_item", map[string]any{"price": price.ID, "quantity": 2}, Parent(sub.ID))
	}
	return cus.ID, sub.ID
}

func TestCreatePreviewPaginatesLines(t *testing.T) {
	s := NewTestServer(t)
	cus, sub := billedSubscription(t, s, 12)
	status, body := send(t, s, http.MethodPost, testKey, "/v1/invoices/create_preview", vals("subscription", sub))
	if status != 200 {
		t.Fatalf("create_preview: %d %s", status, body)
	}
	var p previewJSON
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatal(err)
	}
	if p.ID == nil || *p.ID != "upcoming_in_"+sub || p.Customer != cus || p.Total != 12*3000 ||
		p.Parent == nil || p.Parent.SubscriptionDetails.Subscription != sub {
		t.Fatalf("preview %s", body)
	}
	if len(p.Lines.Data) != 10 || !p.Lines.HasMore || p.Lines.URL != "/v1/invoices/upcoming_in_"+sub+"/lines" {
		t.Fatalf("embedded lines: %d has_more=%v url=%s", len(p.Lines.Data), p.Lines.HasMore, p.Lines.URL)
	}
	first := p.Lines.ids(t)
	rest := getList(t, s, p.Lines.URL, vals("starting_after", first[len(first)-1], "limit", "100"))
	if len(rest.Data) != 2 || rest.HasMore {
		t.Fatalf("rest of the lines: %d has_more=%v", len(rest.Data), rest.HasMore)
	}
	if status, _, _ := call(t, s, "/v1/invoices/upcoming", vals("subscription", sub)); status != 404 {
		t.Errorf("GET /v1/invoices/upcoming on basil: %d, want 404", status)
	}
}

func TestPreviewNothingUpcoming(t *testing.T) {
	s := NewTestServer(t)
	cus, sub := billedSubscription(t, s, 1)
	status, body := send(t, s, http.MethodPost, testKey, "/v1/invoices/create_preview", vals("customer", cus))
	if status != 404 || apiErr(t, body).Code != "invoice_upcoming_none" {
		t.Errorf("customer without pending items: %d %s", status, body)
	}
	mustCreate(t, s, "invoiceitem", map[string]any{"customer": cus, "invoice": nil, "amount": 700, "currency": "usd"})
	status, body = send(t, s, http.MethodPost, testKey, "/v1/invoices/create_preview", vals("customer", cus))
	if status != 200 || !strings.Contains(string(body), `"total":700`) {
		t.Errorf("customer with a pending item: %d %s", status, body)
	}
	if err := s.Delete(sub); err != nil {
		t.Fatal(err)
	}
	status, body = send(t, s, http.MethodPost, testKey, "/v1/invoices/create_preview", vals("subscription", sub))
	if status != 404 || apiErr(t, body).Code != "invoice_upcoming_none" {
		t.Errorf("canceled subscription: %d %s", status, body)
	}
	status, body = send(t, s, http.MethodPost, testKey, "/v1/invoices/create_preview", vals("subscription", "sub_nope"))
	if e := apiErr(t, body); status != 400 || e.Code != "resource_missing" || e.Param != "subscription" {
		t.Errorf("unknown subscription: %d %s", status, body)
	}
	restricted := "rk_test_noinvoices"
	s.RestrictKey(restricted, "invoice")
	status, body = send(t, s, http.MethodPost, restricted, "/v1/invoices/create_preview", vals("customer", cus))
	if status != 403 || !strings.Contains(apiErr(t, body).Message, "rak_invoice_read") {
		t.Errorf("restricted key: %d %s", status, body)
	}
}
