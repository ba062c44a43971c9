package openapi

import (
	"strings"
	"testing"
)

func TestLoadPinnedView(t *testing.T) {
	api, err := LoadPinned()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(api.Version, ".basil") {
		t.Errorf("version %q, want basil train", api.Version)
	}
	cus := api.Resource("customer")
	if cus == nil || !cus.HasID || !cus.Deletable {
		t.Fatalf("customer resource: %+v", cus)
	}
	if got := len(api.EventObjects("customer.subscription.updated")); got != 1 || api.EventObjects("customer.subscription.updated")[0] != "subscription" {
		t.Errorf("customer.subscription.updated -> %v", api.EventObjects("customer.subscription.updated"))
	}
	top := 0
	for _, l := range api.Lists {
		if l.TopLevel() {
			top++
		}
	}
	t.Logf("resources=%d lists=%d top-level=%d events=%d", len(api.Resources), len(api.Lists), top, len(api.EventTypes))
	if len(api.Lists) < 100 || len(api.EventTypes) < 200 {
		t.Errorf("too few lists (%d) or event types (%d)", len(api.Lists), len(api.EventTypes))
	}
	targets, ok := cus.Schema.Property("default_source").Schema.Expandable()
	if !ok || len(targets) < 2 {
		t.Errorf("customer.default_source expandable targets %v", targets)
	}
	sub := api.Resource("subscription")
	var w map[string]string
	for _, l := range sub.Lists {
		if l.Path == "/v1/subscriptions" {
			w = l.WideningParams()
		}
	}
	if w["status"] != "all" {
		t.Errorf("subscriptions widening params %v", w)
	}
}

// TestUnpaginatedLists: the pinned spec declares no limit or starting_after
// on exactly these list operations.
func TestUnpaginatedLists(t *testing.T) {
	api, err := LoadPinned()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range api.Lists {
		if l.Unpaginated {
			got = append(got, l.Path)
		}
	}
	want := "/v1/accounts/{account}/capabilities /v1/reporting/report_types"
	if strings.Join(got, " ") != want {
		t.Errorf("unpaginated lists %v, want %s", got, want)
	}
}
