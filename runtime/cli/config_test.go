package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stripesync/stripesync/runtime/stripeclient"
)

const unitKey = "sk_test_unitSECRETvalue99"

// envOf returns a getenv over m.
func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestSettingsPrecedence(t *testing.T) {
	env := envOf(map[string]string{
		"DATABASE_URL": "postgres://env@127.0.0.1/db", "STRIPESYNC_SCHEMA": "from_env",
		"STRIPE_API_KEY": unitKey, "STRIPE_API_BASE": "http://127.0.0.1:9",
	})
	r, err := parseArgs("sync", []string{"--schema", "from_flag"}, env)
	if err != nil {
		t.Fatal(err)
	}
	c, err := r.config(env)
	if err != nil {
		t.Fatal(err)
	}
	want := Config{DatabaseURL: "postgres://env@127.0.0.1/db", Schema: "from_flag", StateSchema: DefaultStateSchema,
		APIBase: "http://127.0.0.1:9", LogFormat: "text", Progress: "auto"}
	if c.DatabaseURL != want.DatabaseURL || c.Schema != want.Schema || c.StateSchema != want.StateSchema ||
		c.APIBase != want.APIBase || c.LogFormat != want.LogFormat || c.Progress != want.Progress {
		t.Errorf("config %+v, want %+v", c, want)
	}
	if c.KeyErr != nil || c.Key.Mode() != stripeclient.ModeTest {
		t.Errorf("key from the environment: %v, mode %v", c.KeyErr, c.Key.Mode())
	}
	if err := c.validate(needs{db: true, key: true}); err != nil {
		t.Errorf("validate: %v", err)
	}
}

func TestKeyFromFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(file, []byte("\n"+unitKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := parseArgs("sync", []string{"--api-key-file", file}, envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := r.config(envOf(nil))
	if c.KeyErr != nil || c.Key.IsZero() {
		t.Fatalf("key from file: %v", c.KeyErr)
	}
	if !contains(r.secretsOf(envOf(nil)), "\n"+unitKey+"\n") {
		t.Error("the file's key is not among the secrets to redact")
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"--nope"}, {"extra"}, {"--log-level", "loud"}} {
		r, err := parseArgs("sync", args, envOf(nil))
		if err == nil && r != nil {
			_, err = r.config(envOf(nil))
		}
		var ue *usageError
		if !errors.As(err, &ue) || exitCode(err) != ExitUsage {
			t.Errorf("%v: err %v, want a usage error", args, err)
		}
	}
}

func TestSecretsNeverPrint(t *testing.T) {
	s := parseSecrets(" whsec_onesecretvalue , whsec_twosecretvalue ")
	if s.Len() != 2 || s.validate() != nil {
		t.Fatalf("parsed %d secrets, validate %v", s.Len(), s.validate())
	}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "secrets", s)
	js, _ := json.Marshal(struct{ S Secrets }{s})
	out := fmt.Sprintf("%v %+v %#v %s %q", s, s, s, s, s) + buf.String() + string(js)
	if strings.Contains(out, "secretvalue") {
		t.Errorf("a secret printed: %s", out)
	}
	if err := parseSecrets("whsec_ok1234,bad").validate(); err == nil || strings.Contains(err.Error(), "bad") {
		t.Errorf("validate error %v should reject the second secret without quoting it", err)
	}
}

func TestRedactor(t *testing.T) {
	var buf bytes.Buffer
	w := newRedactor(&buf, []string{unitKey, "", "x", "hunter2pass"})
	fmt.Fprintf(w, "key=%s pw=hunter2pass x=x other=rk_live_abc123 whsec_Zz9 sk_test_…(redacted)\n", unitKey)
	want := "key=[redacted] pw=[redacted] x=x other=rk_live_…(redacted) whsec_…(redacted) sk_test_…(redacted)\n"
	if got := buf.String(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestDatabasePassword(t *testing.T) {
	for raw, want := range map[string]string{
		"postgres://u:pw%40x@127.0.0.1/db":      "pw@x",
		"host=127.0.0.1 user=u password=s3cret": "s3cret",
		"postgres://u@127.0.0.1/db":             "",
		"postgres://%zz":                        "",
	} {
		if got := databasePassword(raw); got != want {
			t.Errorf("databasePassword(%q) = %q, want %q", raw, got, want)
		}
	}
}

func TestExpectedVersion(t *testing.T) {
	v, err := expectedVersion()
	if err != nil || v < 1 {
		t.Fatalf("expectedVersion = %d, %v", v, err)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
