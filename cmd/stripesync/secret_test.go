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

// TestCheckOutputsFindsKey makes sure the final search would catch a key.
func TestCheckOutputsFindsKey(t *testing.T) {
	outputs.Lock()
	saved := outputs.all
	outputs.all = []capture{{"fake", []byte("log line key=" + testKey + " end")}}
	outputs.Unlock()
	err := checkOutputs()
	outputs.Lock()
	outputs.all = saved
	outputs.Unlock()
	if err == nil || strings.Contains(err.Error(), testKey) {
		t.Fatalf("checkOutputs = %v, want an error that does not print the key", err)
	}
}
