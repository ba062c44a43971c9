package stripetest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// do sends a request with an optional body and decodes a JSON answer.
func do(t *testing.T, method, u, contentType, body string, out any) int {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+testKey)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s %s: %v: %s", method, u, err, raw)
		}
	}
	return resp.StatusCode
}

func TestProcessModeControlsAndHTTPMutations(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	urls := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- s.ListenAndServe(ctx, "127.0.0.1:0", func(u string) { urls <- u }) }()
	base := <-urls
	const form = "application/x-www-form-urlencoded"
	var cus map[string]any
	if st := do(t, "POST", base+"/v1/customers", form, url.Values{"email": {"p@q.r"}, "balance": {"7"}}.Encode(), &cus); st != 200 ||
		cus["email"] != "p@q.r" || cus["balance"] != 7.0 {
		t.Fatalf("form create: %d %v", st, cus)
	}
	id := cus["id"].(string)
	do(t, "POST", base+"/v1/customers/"+id, form, "name=Ada", &cus)
	var obj Object
	if st := do(t, "POST", base+"/_stripetest/objects", "", `{"resource":"invoice","fields":{"customer":"`+id+`"}}`, &obj); st != 200 || obj.Resource != "invoice" {
		t.Fatalf("control create: %d %+v", st, obj)
	}
	do(t, "POST", base+"/_stripetest/clock", "", `{"advance":"2h"}`, nil)
	do(t, "DELETE", base+"/v1/customers/"+id, "", "", &cus)
	if cus["deleted"] != true {
		t.Errorf("DELETE answer: %v", cus)
	}
	var evs []Event
	do(t, "GET", base+"/_stripetest/events", "", "", &evs)
	var types []string
	for _, e := range evs {
		types = append(types, e.Type)
	}
	slices.Sort(types)
	if strings.Join(types, ",") != "customer.created,customer.deleted,customer.updated,invoice.created" {
		t.Errorf("events: %v", types)
	}
	do(t, "PUT", base+"/_stripetest/faults", "", `[{"path":"/v1/charges","error_rate":1}]`, nil)
	if st := do(t, "GET", base+"/v1/charges", "", "", nil); st != 500 {
		t.Errorf("fault via control: %d", st)
	}
	var sn Snapshot
	do(t, "GET", base+"/_stripetest/state", "", "", &sn)
	if sn.Count("invoice") != 1 || len(sn.Deleted["customer"]) != 1 {
		t.Errorf("state: %+v", sn.Deleted)
	}
	if st := do(t, "POST", base+"/_stripetest/nope", "", "", nil); st != 400 {
		t.Errorf("unknown control: %d", st)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
