package stripetest

import (
	"net/http"
	"strings"
	"testing"
)

func TestAuthentication(t *testing.T) {
	s := NewTestServer(t)
	for _, key := range []string{"", "sk_live_abcdef1234567890", "pk_test_abcdef", "sk_test_", "nonsense"} {
		status, body, _ := callKey(t, s, key, "/v1/customers", nil)
		if e := apiErr(t, body); status != http.StatusUnauthorized || e.Type != "invalid_request_error" {
			t.Errorf("key %q: %d %+v", key, status, e)
		}
	}
	for _, key := range []string{testKey, "rk_test_abc123"} {
		if status, body, _ := callKey(t, s, key, "/v1/customers", nil); status != 200 {
			t.Errorf("key %q: %d %s", key, status, body)
		}
	}
	req, _ := http.NewRequest(http.MethodGet, s.URL()+"/v1/customers", nil)
	req.SetBasicAuth(testKey, "")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Errorf("basic auth: %v %v", resp, err)
	}
	resp.Body.Close()
}

func TestRestrictedKeyGets403NamingThePermission(t *testing.T) {
	s := NewTestServer(t)
	const rk = "rk_test_restricted0001"
	s.RestrictKey(rk, "customer", "checkout.session")
	status, body, _ := callKey(t, s, rk, "/v1/customers", nil)
	e := apiErr(t, body)
	if status != http.StatusForbidden || !strings.Contains(e.Message, "'rak_customer_read'") || strings.Contains(e.Message, rk) {
		t.Errorf("denied: %d %+v", status, e)
	}
	status, body, _ = callKey(t, s, rk, "/v1/checkout/sessions", nil)
	if e := apiErr(t, body); status != 403 || !strings.Contains(e.Message, "rak_checkout_session_read") {
		t.Errorf("denied checkout: %d %+v", status, e)
	}
	if status, _, _ := callKey(t, s, rk, "/v1/charges", nil); status != 200 {
		t.Errorf("allowed resource: %d", status)
	}
	if status, _, _ := callKey(t, s, "rk_test_other", "/v1/customers", nil); status != 200 {
		t.Errorf("other key: %d", status)
	}
}

func TestRequestsAreRecorded(t *testing.T) {
	s := NewTestServer(t)
	call(t, s, "/v1/customers", nil)
	call(t, s, "/v1/customers", vals("limit", "3"))
	callKey(t, s, "", "/v1/events", nil)
	if n := s.RequestCount("/v1/customers"); n != 2 {
		t.Errorf("count: %d", n)
	}
	if v := s.StripeVersions(); len(v) != 1 || v[0] != "2025-05-28.basil" {
		t.Errorf("versions: %v", v)
	}
	reqs := s.Requests()
	if len(reqs) != 3 || reqs[1].Query != "limit=3" || reqs[2].Status != 401 {
		t.Errorf("requests: %+v", reqs)
	}
	s.ResetRequests()
	if len(s.Requests()) != 0 || s.RequestCount("/v1/customers") != 0 {
		t.Errorf("reset")
	}
}
