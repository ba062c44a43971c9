package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stripesync/stripesync/runtime/stripetest"
)

// restrictedKey is a restricted key the fake denies customers. Its secret
// part equals testKey's, so checkOutputs also guards it.
const restrictedKey = "rk_test_" + "SECRETdoNotPrint4f9c2a7e1b"

// TestDoctor checks doctor's table and exit status: 0 when sync can work,
// 1 with the permission to grant when a restricted key cannot read a list,
// and nothing written either way.
func TestDoctor(t *testing.T) {
	t.Parallel()
	fake := stripetest.NewTestServer(t)
	fake.RestrictKey(restrictedKey, "customer")
	db := migratedDB(t)
	before := fingerprint(t, db)

	r := run(t, withKey(db, fake.URL()), "doctor", "--listen", "127.0.0.1:8080", "--webhook-secret", "whsec_testsecret")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("doctor: %s", r)
	}
	for _, row := range []string{`build +ok +Stripe API \S+, migration ` + latestS(), `api key +ok +sk_test_…\(redacted\): test mode, secret key`,
		`events +ok`, `database +ok`, `schema version +ok +migration ` + latestS(), `http endpoints +ok +sync serves /wait, /healthz and /metrics on 127.0.0.1:8080, and POST /webhooks checked against 1 webhook secret \(redacted\)`} {
		if !regexp.MustCompile(`(?m)^` + row).MatchString(r.stdout) {
			t.Errorf("doctor's table has no row %q:\n%s", row, r.stdout)
		}
	}

	env := withKey(db, fake.URL())
	env["STRIPE_API_KEY"] = restrictedKey
	r = run(t, env, "doctor")
	wantOneLine(t, r, 1, "checks failed: sync cannot work")
	if !strings.Contains(r.stdout, "rk_test_…(redacted): test mode, restricted key") || !strings.Contains(r.stdout, "rak_customer_read") {
		t.Errorf("doctor does not name the restricted key or the permission to grant:\n%s", r.stdout)
	}
	wantUnchanged(t, db, before)
}
