package stripetest

import (
	"encoding/json"
	"slices"
	"testing"
	"time"
)

// wireEvent is an event as listed.
type wireEvent struct {
	ID         string  `json:"id"`
	Object     string  `json:"object"`
	Type       string  `json:"type"`
	Created    int64   `json:"created"`
	APIVersion *string `json:"api_version"`
	Livemode   bool    `json:"livemode"`
	Pending    *int    `json:"pending_webhooks"`
	Request    *struct {
		ID *string `json:"id"`
	} `json:"request"`
	Data struct {
		Object   map[string]any  `json:"object"`
		Previous map[string]any  `json:"previous_attributes"`
		RawPrev  json.RawMessage `json:"-"`
	} `json:"data"`
}

func listEvents(t *testing.T, s *Server, q ...string) []wireEvent {
	t.Helper()
	p := getList(t, s, "/v1/events", vals(append(q, "limit", "100")...))
	out := make([]wireEvent, len(p.Data))
	for i, raw := range p.Data {
		if err := json.Unmarshal(raw, &out[i]); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func eventTypes(evs []wireEvent) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.Type)
	}
	return out
}

func TestMutationsEmitEventsWithStripesShape(t *testing.T) {
	s := NewTestServer(t)
	cus := mustCreate(t, s, "customer", map[string]any{"email": "a@example.com"})
	advance(s, time.Second)
	if _, err := s.Update(cus.ID, map[string]any{"email": "b@example.com", "metadata": map[string]string{"k": "v"}}); err != nil {
		t.Fatal(err)
	}
	advance(s, time.Second)
	if err := s.Delete(cus.ID); err != nil {
		t.Fatal(err)
	}
	evs := listEvents(t, s)
	if got := eventTypes(evs); !slices.Equal(got, []string{"customer.deleted", "customer.updated", "customer.created"}) {
		t.Fatalf("types %v", got)
	}
	for _, e := range evs {
		if e.Object != "event" || e.Livemode || e.Pending == nil || e.APIVersion == nil || *e.APIVersion != s.APIVersion() ||
			e.Request == nil || e.Request.ID == nil || e.Data.Object["id"] != cus.ID || len(e.ID) < 10 || e.ID[:4] != "evt_" {
			t.Errorf("event shape: %+v", e)
		}
	}
	upd := evs[1]
	if upd.Data.Previous["email"] != "a@example.com" || upd.Data.Object["email"] != "b@example.com" {
		t.Errorf("updated: previous %v, now %v", upd.Data.Previous, upd.Data.Object["email"])
	}
	if _, ok := upd.Data.Previous["metadata"]; !ok || evs[0].Data.Previous != nil || evs[2].Data.Previous != nil {
		t.Errorf("previous_attributes only on updates, with every changed key: %+v", upd.Data.Previous)
	}
	if evs[0].Data.Object["deleted"] != nil {
		t.Errorf("customer.deleted carries the full pre-deletion object, got %v", evs[0].Data.Object)
	}
}

func TestEventTypesFollowTheSpecsNames(t *testing.T) {
	s := NewTestServer(t)
	cus := mustCreate(t, s, "customer", nil)
	sub := mustCreate(t, s, "subscription", map[string]any{"customer": cus.ID})
	if _, err := s.Update(sub.ID, map[string]any{"cancel_at_period_end": false}); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(sub.ID); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, s, "card", nil, Parent(cus.ID))
	mustCreate(t, s, "issuing.card", nil)
	mustCreate(t, s, "webhook_endpoint", nil)
	got := eventTypes(listEvents(t, s))
	slices.Sort(got)
	want := []string{"customer.created", "customer.source.created", "customer.subscription.created",
		"customer.subscription.deleted", "customer.subscription.updated", "issuing_card.created"}
	if !slices.Equal(got, want) {
		t.Fatalf("types %v\nwant  %v", got, want)
	}
	o, _ := s.Get(sub.ID)
	if field(t, o.JSON, "status") != "canceled" {
		t.Errorf("deleted subscription is canceled, got %v", field(t, o.JSON, "status"))
	}
}

func TestEventTypeFilters(t *testing.T) {
	s := NewTestServer(t)
	cus := mustCreate(t, s, "customer", nil)
	mustCreate(t, s, "product", nil)
	mustCreate(t, s, "invoice", map[string]any{"customer": cus.ID})
	cases := []struct {
		q    []string
		want []string
	}{
		{[]string{"type", "customer.created"}, []string{"customer.created"}},
		{[]string{"type", "product.*"}, []string{"product.created"}},
		{[]string{"types[]", "customer.created", "types[]", "invoice.created"}, []string{"invoice.created", "customer.created"}},
	}
	for _, tc := range cases {
		if got := eventTypes(listEvents(t, s, tc.q...)); !slices.Equal(got, tc.want) {
			t.Errorf("%v: %v want %v", tc.q, got, tc.want)
		}
	}
}

func TestEventRetentionIsThirtyDays(t *testing.T) {
	s := NewTestServer(t)
	old := mustCreate(t, s, "customer", nil)
	advance(s, 20*24*time.Hour)
	mustCreate(t, s, "customer", nil)
	oldEvent := s.Events()[0].ID
	advance(s, 11*24*time.Hour)
	evs := listEvents(t, s)
	if len(evs) != 1 || evs[0].Data.Object["id"] == old.ID {
		t.Fatalf("after 31 days: %v", eventTypes(evs))
	}
	if status, _, _ := call(t, s, "/v1/events/"+oldEvent, nil); status != 404 {
		t.Errorf("expired event retrieve: %d", status)
	}
	if status, _, _ := call(t, s, "/v1/events/"+evs[0].ID, nil); status != 200 {
		t.Errorf("live event retrieve: %d", status)
	}
	if _, ok := s.Get(old.ID); !ok {
		t.Errorf("retention drops events, not objects")
	}
}

func TestSameSecondBurstAndLateEvents(t *testing.T) {
	s := NewTestServer(t)
	var ids []string
	for range 5 {
		ids = append(ids, mustCreate(t, s, "customer", nil).ID)
	}
	evs := listEvents(t, s)
	if len(evs) != 5 {
		t.Fatalf("burst: %d events", len(evs))
	}
	for _, e := range evs {
		if e.Created != evs[0].Created {
			t.Fatalf("burst events differ in created")
		}
	}
	cursor := evs[0].ID
	advance(s, 10*time.Second)
	late := s.Clock().Now().Add(-30 * time.Second)
	if _, err := s.Update(ids[0], map[string]any{"name": "late"}, EventAt(late)); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, s, "customer", nil)
	all := listEvents(t, s)
	if all[len(all)-1].Created != late.Unix() || all[len(all)-1].Type != "customer.updated" {
		t.Fatalf("late event should sort oldest: %v", eventTypes(all))
	}
	newer := listEvents(t, s, "ending_before", cursor)
	if len(newer) != 1 || newer[0].Type != "customer.created" {
		t.Errorf("a forward walk from the cursor misses the late event by design: %v", eventTypes(newer))
	}
	since := listEvents(t, s, "created[gte]", "0", "type", "customer.updated")
	if len(since) != 1 {
		t.Errorf("the late event is found by a created range: %d", len(since))
	}
}

func TestEventAPIVersionAndAutomaticRequest(t *testing.T) {
	s := NewTestServer(t)
	mustCreate(t, s, "customer", nil, EventAPIVersion("2024-09-30.acacia"), Automatic())
	e := listEvents(t, s)[0]
	if e.APIVersion == nil || *e.APIVersion != "2024-09-30.acacia" || e.Request == nil || e.Request.ID != nil {
		t.Errorf("event %+v", e)
	}
}
