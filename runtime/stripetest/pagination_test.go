package stripetest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"
)

// customersWithTies creates n customers in bursts of three per second.
func customersWithTies(t *testing.T, s *Server, n int) []Object {
	t.Helper()
	var out []Object
	for i := range n {
		out = append(out, mustCreate(t, s, "customer", nil))
		if i%3 == 2 {
			advance(s, time.Second)
		}
	}
	return out
}

// walkDown pages with starting_after until has_more is false.
func walkDown(t *testing.T, s *Server, path string, limit int, extra ...string) []string {
	t.Helper()
	var all []string
	cursor := ""
	for {
		q := vals(append(extra, "limit", strconv.Itoa(limit))...)
		if cursor != "" {
			q.Set("starting_after", cursor)
		}
		p := getList(t, s, path, q)
		ids := p.ids(t)
		all = append(all, ids...)
		if !p.HasMore {
			return all
		}
		if len(ids) == 0 {
			t.Fatal("has_more with an empty page")
		}
		cursor = ids[len(ids)-1]
	}
}

// walkUp pages with ending_before from an id, the way a forward event walk
// does: each page is newest first, the next cursor is its first item.
func walkUp(t *testing.T, s *Server, path, from string, limit int) []string {
	t.Helper()
	var all []string
	cursor := from
	for {
		p := getList(t, s, path, vals("limit", strconv.Itoa(limit), "ending_before", cursor))
		ids := p.ids(t)
		slices.Reverse(ids)
		all = append(all, ids...)
		if !p.HasMore {
			return all
		}
		cursor = ids[len(ids)-1]
	}
}

func TestPaginationVisitsEveryObjectOnceBothWays(t *testing.T) {
	s := NewTestServer(t)
	created := customersWithTies(t, s, 95)
	down := walkDown(t, s, "/v1/customers", 7)
	if len(down) != len(created) {
		t.Fatalf("walked %d customers, created %d", len(down), len(created))
	}
	assertNewestFirst(t, s, down)
	assertSameSet(t, down, created)
	oldest := down[len(down)-1]
	up := walkUp(t, s, "/v1/customers", oldest, 7)
	slices.Reverse(up)
	if want := down[:len(down)-1]; !slices.Equal(up, want) {
		t.Fatalf("ending_before walk differs from starting_after walk:\n%v\n%v", up, want)
	}
}

// assertNewestFirst checks created is non-increasing and ties go by id descending.
func assertNewestFirst(t *testing.T, s *Server, ids []string) {
	t.Helper()
	for i := 1; i < len(ids); i++ {
		a, _ := s.Get(ids[i-1])
		b, _ := s.Get(ids[i])
		if a.Created < b.Created || (a.Created == b.Created && a.ID < b.ID) {
			t.Fatalf("order broken at %d: %s(%d) before %s(%d)", i, a.ID, a.Created, b.ID, b.Created)
		}
	}
}

func assertSameSet(t *testing.T, ids []string, objs []Object) {
	t.Helper()
	seen := map[string]int{}
	for _, id := range ids {
		seen[id]++
	}
	for _, o := range objs {
		if seen[o.ID] != 1 {
			t.Fatalf("%s seen %d times", o.ID, seen[o.ID])
		}
	}
}

func TestEndingBeforeReturnsThePageJustNewer(t *testing.T) {
	s := NewTestServer(t)
	var ids []string // oldest first
	for range 30 {
		ids = append(ids, mustCreate(t, s, "customer", nil).ID)
		advance(s, time.Second)
	}
	p := getList(t, s, "/v1/customers", vals("ending_before", ids[10], "limit", "5"))
	want := []string{ids[15], ids[14], ids[13], ids[12], ids[11]}
	if got := p.ids(t); !slices.Equal(got, want) || !p.HasMore {
		t.Fatalf("ending_before=%s: got %v has_more=%v, want %v has_more=true", ids[10], got, p.HasMore, want)
	}
	p = getList(t, s, "/v1/customers", vals("ending_before", ids[26], "limit", "5"))
	if got := p.ids(t); !slices.Equal(got, []string{ids[29], ids[28], ids[27]}) || p.HasMore {
		t.Fatalf("last page: got %v has_more=%v", got, p.HasMore)
	}
	p = getList(t, s, "/v1/customers", vals("starting_after", ids[10], "limit", "3"))
	if got := p.ids(t); !slices.Equal(got, []string{ids[9], ids[8], ids[7]}) || !p.HasMore {
		t.Fatalf("starting_after: got %v has_more=%v", got, p.HasMore)
	}
}

func TestCreatedFilters(t *testing.T) {
	s := NewTestServer(t)
	var objs []Object
	for range 10 {
		objs = append(objs, mustCreate(t, s, "customer", nil))
		advance(s, 10*time.Second)
	}
	c := func(i int) string { return strconv.FormatInt(objs[i].Created, 10) }
	cases := []struct {
		q    []string
		want []int
	}{
		{[]string{"created[gt]", c(7)}, []int{9, 8}},
		{[]string{"created[gte]", c(7)}, []int{9, 8, 7}},
		{[]string{"created[lt]", c(2)}, []int{1, 0}},
		{[]string{"created[lte]", c(2)}, []int{2, 1, 0}},
		{[]string{"created", c(4)}, []int{4}},
		{[]string{"created[gte]", c(3), "created[lt]", c(6)}, []int{5, 4, 3}},
	}
	for _, tc := range cases {
		got := getList(t, s, "/v1/customers", vals(tc.q...)).ids(t)
		var want []string
		for _, i := range tc.want {
			want = append(want, objs[i].ID)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%v: got %v want %v", tc.q, got, want)
		}
	}
	status, body, _ := call(t, s, "/v1/subscription_items", vals("subscription", "sub_x", "created[gt]", "1"))
	if status != 400 || apiErr(t, body).Code != "parameter_unknown" {
		t.Errorf("created on a list without a created filter: %d %s", status, body)
	}
}

func TestLimitValidation(t *testing.T) {
	s := NewTestServer(t)
	customersWithTies(t, s, 12)
	if p := getList(t, s, "/v1/customers", nil); len(p.Data) != 10 || !p.HasMore || p.URL != "/v1/customers" || p.Object != "list" {
		t.Fatalf("default page: %d items has_more=%v url=%q", len(p.Data), p.HasMore, p.URL)
	}
	for _, bad := range []string{"0", "101", "-1", "abc"} {
		status, body, _ := call(t, s, "/v1/customers", vals("limit", bad))
		e := apiErr(t, body)
		if status != 400 || e.Param != "limit" || e.Type != "invalid_request_error" {
			t.Errorf("limit=%s: %d %+v", bad, status, e)
		}
	}
	if p := getList(t, s, "/v1/customers", vals("limit", "100")); len(p.Data) != 12 || p.HasMore {
		t.Errorf("limit=100: %d items has_more=%v", len(p.Data), p.HasMore)
	}
}

func TestParameterErrors(t *testing.T) {
	s := NewTestServer(t)
	cus := mustCreate(t, s, "customer", nil)
	cases := []struct {
		path  string
		q     []string
		code  string
		param string
	}{
		{"/v1/subscription_items", nil, "parameter_missing", "subscription"},
		{"/v1/customers", []string{"bogus", "1"}, "parameter_unknown", "bogus"},
		{"/v1/customers", []string{"starting_after", "cus_nope"}, "resource_missing", "starting_after"},
		{"/v1/customers", []string{"starting_after", cus.ID, "ending_before", cus.ID}, "parameters_exclusive", "ending_before"},
		{"/v1/events", []string{"type", "customer.created", "types[]", "customer.updated"}, "parameters_exclusive", "types"},
	}
	for _, tc := range cases {
		status, body, _ := call(t, s, tc.path, vals(tc.q...))
		e := apiErr(t, body)
		if status != 400 || e.Code != tc.code || e.Param != tc.param {
			t.Errorf("%s %v: %d %+v, want 400 %s %s", tc.path, tc.q, status, e, tc.code, tc.param)
		}
	}
}

func TestRequiredFilterScopesTheList(t *testing.T) {
	s := NewTestServer(t)
	sub1 := mustCreate(t, s, "subscription", nil)
	sub2 := mustCreate(t, s, "subscription", nil)
	for range 3 {
		mustCreate(t, s, "subscription_item", nil, Parent(sub1.ID))
	}
	mustCreate(t, s, "subscription_item", map[string]any{"subscription": sub2.ID})
	if n := len(getList(t, s, "/v1/subscription_items", vals("subscription", sub1.ID)).Data); n != 3 {
		t.Errorf("sub1 items: %d, want 3", n)
	}
	if n := len(getList(t, s, "/v1/subscription_items", vals("subscription", sub2.ID)).Data); n != 1 {
		t.Errorf("sub2 items: %d, want 1", n)
	}
	var sub struct {
		Items listPage `json:"items"`
	}
	o, _ := s.Get(sub1.ID)
	if err := json.Unmarshal(o.JSON, &sub); err != nil || len(sub.Items.Data) != 3 ||
		sub.Items.URL != "/v1/subscription_items?subscription="+sub1.ID {
		t.Errorf("subscription.items: %+v (%v)", sub.Items, err)
	}
}

func TestSubscriptionsHideCanceledUnlessStatusAll(t *testing.T) {
	s := NewTestServer(t)
	cus := mustCreate(t, s, "customer", nil)
	active := mustCreate(t, s, "subscription", map[string]any{"customer": cus.ID})
	gone := mustCreate(t, s, "subscription", map[string]any{"customer": cus.ID})
	if err := s.Delete(gone.ID); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		path string
		q    []string
		want []string
	}{
		{"/v1/subscriptions", nil, []string{active.ID}},
		{"/v1/subscriptions", []string{"status", "all"}, []string{gone.ID, active.ID}},
		{"/v1/subscriptions", []string{"status", "canceled"}, []string{gone.ID}},
		{"/v1/subscriptions", []string{"status", "ended"}, []string{gone.ID}},
		{"/v1/customers/" + cus.ID + "/subscriptions", nil, []string{active.ID}},
	}
	for _, tc := range cases {
		got := getList(t, s, tc.path, vals(tc.q...)).ids(t)
		slices.Sort(got)
		slices.Sort(tc.want)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s %v: got %v want %v", tc.path, tc.q, got, tc.want)
		}
	}
}

func TestNestedListsEmbedTenAndServeTheRest(t *testing.T) {
	s := NewTestServer(t)
	inv := mustCreate(t, s, "invoice", nil)
	var lines []string
	for range 25 {
		lines = append(lines, mustCreate(t, s, "line_item", nil, Parent(inv.ID)).ID)
	}
	o, _ := s.Get(inv.ID)
	var got struct {
		Lines listPage `json:"lines"`
	}
	if err := json.Unmarshal(o.JSON, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Lines.Data) != 10 || !got.Lines.HasMore || got.Lines.URL != "/v1/invoices/"+inv.ID+"/lines" {
		t.Fatalf("embedded lines: %d items has_more=%v url=%s", len(got.Lines.Data), got.Lines.HasMore, got.Lines.URL)
	}
	all := walkDown(t, s, got.Lines.URL, 100)
	if len(all) != 25 {
		t.Fatalf("lines endpoint: %d, want 25", len(all))
	}
	status, body, _ := call(t, s, "/v1/invoices/in_missing/lines", nil)
	if e := apiErr(t, body); status != 404 || e.Code != "resource_missing" {
		t.Errorf("lines of a missing invoice: %d %+v", status, e)
	}
}

func TestParentScopedListsSeparateParents(t *testing.T) {
	s := NewTestServer(t)
	a1 := mustCreate(t, s, "account", nil)
	a2 := mustCreate(t, s, "account", nil)
	for i := range 4 {
		parent := a1.ID
		if i == 3 {
			parent = a2.ID
		}
		mustCreate(t, s, "person", nil, Parent(parent))
	}
	for _, path := range []string{"/v1/accounts/%s/persons", "/v1/accounts/%s/people"} {
		if n := len(getList(t, s, fmt.Sprintf(path, a1.ID), nil).Data); n != 3 {
			t.Errorf("%s for a1: %d, want 3", path, n)
		}
		if n := len(getList(t, s, fmt.Sprintf(path, a2.ID), nil).Data); n != 1 {
			t.Errorf("%s for a2: %d, want 1", path, n)
		}
	}
}
