package webhookadmin_test

import (
	"testing"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/runtime/synctest"
	"github.com/stripesync/stripesync/runtime/webhookadmin"
)

// TestEnsureAgainstStripeMock sends the create request to stripe-mock in
// strict-version mode, which validates every parameter against Stripe's own
// spec (enabled_events against the event enum, api_version's form) and the
// Stripe-Version header against the pin.
func TestEnsureAgainstStripeMock(t *testing.T) {
	c := newClient(t, synctest.StartStripeMock(t, "-strict-version-check"))
	res, err := webhookadmin.Ensure(t.Context(), webhookadmin.Config{Client: c, URL: hookURL})
	if err != nil {
		t.Fatal(err)
	}
	if res.Action != webhookadmin.Created || res.Endpoint.ID == "" {
		t.Fatalf("result %+v", res)
	}
	t.Logf("stripe-mock accepted a create with %d enabled events", len(webhookadmin.EventTypes(generated.Registry)))
}
