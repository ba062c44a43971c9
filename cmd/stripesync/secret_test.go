package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stripesync/stripesync/runtime/stripetest"
)

// TestKeyNeverPrinted runs the commands with the key given every way and
// failing every way, at debug level in both log formats. Each run's output
// is recorded and searched for the key by checkOutputs after all tests,
// together with every other test's output; this test also searches its
// own at once, to fail close to the cause.
func TestKeyNeverPrinted(t *testing.T) {
	t.Parallel()
	fake := stripetest.NewTestServer(t)
	db := migratedDB(t)
	keyFile := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(keyFile, []byte(" "+testKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	base := fake.URL()
	ways := map[string]struct {
		env  map[string]string
		args []string
	}{
		"env":  {map[string]string{"STRIPE_API_KEY": testKey}, nil},
		"flag": {nil, []string{"--api-key", testKey}},
		"file": {nil, []string{"--api-key-file", keyFile}},
	}
	for way, w := range ways {
		for _, format := range []string{"text", "json"} {
			for _, args := range scenarios(base, db) {
				env := map[string]string{"STRIPESYNC_LOG_LEVEL": "debug", "STRIPESYNC_LOG_FORMAT": format}
				for k, v := range w.env {
					env[k] = v
				}
				r := run(t, env, append(args, w.args...)...)
				if strings.Contains(r.stdout+r.stderr, strings.TrimPrefix(testKey, "sk_test_")) {
					t.Errorf("key (%s, %s) printed by %v: exit %d", way, format, args, r.code)
				}
			}
		}
	}
}

// scenarios are command lines that reach the key in different ways:
// doctor's report, a rejected database, a refused schema version, an
// unreachable API, a malformed flag after the key.
func scenarios(base, db string) [][]string {
	return [][]string{
		{"doctor", "--api-base", base, "--database-url", db},
		{"doctor", "--api-base", "http://127.0.0.1:1", "--database-url", unreachable},
		{"sync", "--api-base", base, "--database-url", db, "--schema", "elsewhere"},
		{"backfill", "--api-base", "http://127.0.0.1:1", "--database-url", db},
		{"sync", "--api-base", base, "--database-url", unreachable},
		{"sync", "--api-base", base, "--database-url", db, "--log-format", "yaml"},
		{"migrate", "--database-url", db},
		{"sync", testKey}, // the key typed where a flag belongs
		{"sync", "-" + testKey},
	}
}

// TestHTTPTokenNeverPrinted runs commands with the /wait and /metrics
// bearer token given every way, valid and refused, at debug level in both
// log formats, and searches each output for the token (checkOutputs
// searches them again after all tests).
func TestHTTPTokenNeverPrinted(t *testing.T) {
	t.Parallel()
	fake := stripetest.NewTestServer(t)
	db := migratedDB(t)
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte("\n"+testHTTPToken+" \n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ways := map[string]struct {
		env  map[string]string
		args []string
	}{
		"env":  {map[string]string{"STRIPESYNC_HTTP_TOKEN": testHTTPToken}, nil},
		"flag": {nil, []string{"--http-token", testHTTPToken}},
		"file": {nil, []string{"--http-token-file", tokenFile}},
	}
	for way, w := range ways {
		for _, format := range []string{"text", "json"} {
			for _, args := range tokenScenarios(fake.URL(), db, freeAddr(t)) {
				env := withKey(db, fake.URL())
				env["STRIPESYNC_LOG_LEVEL"], env["STRIPESYNC_LOG_FORMAT"] = "debug", format
				for k, v := range w.env {
					env[k] = v
				}
				r := run(t, env, append(args, w.args...)...)
				if strings.Contains(r.stdout+r.stderr, testHTTPToken) || strings.Contains(r.stdout+r.stderr, "[redacted]") {
					t.Errorf("token (%s, %s) printed or redacted by %v: exit %d", way, format, args, r.code)
				}
			}
		}
	}
}

// tokenScenarios are command lines that carry the token to different
// ends: help, a token without --listen, a malformed flag or address, an
// unreachable database, a refused schema version, doctor's report. (A
// token typed where a flag belongs is printed like any stray argument:
// unlike a Stripe key it has no shape to recognise.)
func tokenScenarios(base, db, addr string) [][]string {
	return [][]string{
		{"sync", "-h"},
		{"sync"},
		{"sync", "--listen", addr, "--log-format", "yaml"},
		{"sync", "--listen", "nowhere"},
		{"sync", "--listen", addr, "--database-url", unreachable},
		{"sync", "--listen", addr, "--schema", "elsewhere"},
		{"doctor", "--listen", addr, "--api-base", base},
	}
}

// TestCheckOutputsFindsKey makes sure the final search would catch a key
// or the HTTP token.
func TestCheckOutputsFindsKey(t *testing.T) {
	for name, secret := range map[string]string{"key": testKey, "token": testHTTPToken} {
		outputs.Lock()
		saved := outputs.all
		outputs.all = []capture{{"fake", []byte("log line " + name + "=" + secret + " end")}}
		outputs.Unlock()
		err := checkOutputs()
		outputs.Lock()
		outputs.all = saved
		outputs.Unlock()
		if err == nil || strings.Contains(err.Error(), secret) {
			t.Fatalf("checkOutputs = %v, want an error that does not print the %s", err, name)
		}
	}
}
