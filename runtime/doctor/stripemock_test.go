package doctor_test

import (
	"testing"

	"github.com/stripesync/stripesync/runtime/doctor"
	"github.com/stripesync/stripesync/runtime/synctest"
)

// TestListProbesAgainstStripeMock probes every list on stripe-mock, which
// validates each request (limit, the widening parameters such as
// status=all, the pinned Stripe-Version) against Stripe's own spec: every
// probe must pass, so none of them is malformed.
func TestListProbesAgainstStripeMock(t *testing.T) {
	key, c := client(t, synctest.StartStripeMock(t, "-strict-version-check"), secretKey)
	r, out := run(t, doctor.Config{Key: key, Client: c})
	if r.Readable != r.Probed || r.Probed == 0 {
		t.Errorf("%d of %d lists readable on stripe-mock:\n%s", r.Readable, r.Probed, out)
	}
	for _, name := range []string{"api key", "events", "lists", "webhook endpoints"} {
		if c := row(t, r, name); c.Result != doctor.OK {
			t.Errorf("%s: %+v", name, c)
		}
	}
}
