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
)

const unitToken = "tok_unitHTTPtoken0123456789"

// tokenConfig parses args and the environment into a Config and checks it
// for sync.
func tokenConfig(t *testing.T, args []string, env map[string]string) (*Config, error) {
	t.Helper()
	args = append([]string{"--database-url", "postgres://u@127.0.0.1/db", "--api-key", unitKey}, args...)
	r, err := parseArgs("sync", args, envOf(env))
	if err != nil {
		t.Fatal(err)
	}
	c, err := r.config(envOf(env))
	if err != nil {
		return nil, err
	}
	return c, c.validate(needs{db: true, key: true})
}

func TestHTTPTokenSources(t *testing.T) {
	file := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(file, []byte("\n "+unitToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	other := "tok_otherHTTPtoken987654321"
	for name, c := range map[string]struct {
		args []string
		env  map[string]string
		want string
	}{
		"flag":            {[]string{"--http-token", unitToken}, map[string]string{envHTTPToken: other}, unitToken},
		"file":            {[]string{"--http-token-file", file}, map[string]string{envHTTPToken: other}, unitToken},
		"env":             {nil, map[string]string{envHTTPToken: " " + unitToken + " "}, unitToken},
		"none":            {nil, nil, ""},
		"env without one": {nil, map[string]string{envHTTPToken: "  "}, ""},
	} {
		cfg, err := tokenConfig(t, append([]string{"--listen", "127.0.0.1:0"}, c.args...), c.env)
		if err != nil {
			t.Errorf("%s: %v", name, err)
		} else if got := cfg.HTTPToken.Reveal(); got != c.want {
			t.Errorf("%s: token %q, want %q", name, got, c.want)
		}
	}
}

func TestHTTPTokenUsageErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(file, []byte(unitToken), 0o600); err != nil {
		t.Fatal(err)
	}
	listen := []string{"--listen", "127.0.0.1:0"}
	for name, c := range map[string]struct {
		args []string
		env  map[string]string
		says string
	}{
		"without --listen": {[]string{"--http-token", unitToken}, nil, "needs --listen"},
		"short":            {append(listen, "--http-token", unitToken[:15]), nil, "shorter than 16"},
		"short in env":     {listen, map[string]string{envHTTPToken: unitToken[:15]}, envHTTPToken},
		"space inside":     {append(listen, "--http-token", "tok_has space0123456789"), nil, "printable"},
		"both flags":       {append(listen, "--http-token", unitToken, "--http-token-file", file), nil, "not both"},
		"missing file":     {append(listen, "--http-token-file", file+".nope"), nil, "--http-token-file"},
	} {
		_, err := tokenConfig(t, c.args, c.env)
		if err == nil || !strings.Contains(err.Error(), c.says) || strings.Contains(err.Error(), unitToken[4:15]) {
			t.Errorf("%s: error %v, want one saying %q without the token", name, err, c.says)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: the error is not one line", name)
		}
	}
	r, _ := parseArgs("sync", []string{"--http-token", "short"}, envOf(nil))
	if _, err := r.config(envOf(nil)); exitCode(err) != ExitUsage {
		t.Errorf("a short token: %v, want a usage error", err)
	}
}

func TestHTTPTokenNeverPrints(t *testing.T) {
	tok, err := tokenFrom("test", unitToken)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "token", tok)
	js, _ := json.Marshal(struct{ T HTTPToken }{tok})
	out := fmt.Sprintf("%v %+v %#v %s %q", tok, tok, tok, tok, tok) + buf.String() + string(js)
	if strings.Contains(out, unitToken) || !strings.Contains(out, "redacted") {
		t.Errorf("the token printed or no redaction shown: %s", out)
	}
	if err := (HTTPToken{}).validate(""); err != nil {
		t.Errorf("no token, no --listen: %v", err)
	}
}

func TestHTTPTokenRedacted(t *testing.T) {
	file := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(file, []byte("tok_fileHTTPtoken0123456789\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := envOf(map[string]string{envHTTPToken: "tok_envHTTPtoken0123456789"})
	r, err := parseArgs("sync", []string{"--http-token", unitToken, "--http-token-file", file}, env)
	if err != nil {
		t.Fatal(err)
	}
	secrets := r.secretsOf(env)
	for _, want := range []string{unitToken, "tok_fileHTTPtoken0123456789\n", "tok_envHTTPtoken0123456789"} {
		if !contains(secrets, want) {
			t.Errorf("%q is not among the secrets to redact", want)
		}
	}
	var help bytes.Buffer
	usage(&help, "sync", "")
	if !strings.Contains(help.String(), "--http-token-file") || !strings.Contains(help.String(), "($"+envHTTPToken+")") {
		t.Errorf("usage does not list the token's flags and environment:\n%s", help.String())
	}
	var ue *usageError
	if _, err := parseArgs("sync", []string{"--http-token"}, env); !errors.As(err, &ue) {
		t.Errorf("--http-token without a value: %v", err)
	}
}

// TestHTTPTokenFromEnvWithoutListen: one environment serves every command
// of a deployment, so STRIPESYNC_HTTP_TOKEN without --listen is no error
// (the flags are: they can only have been meant for sync --listen).
func TestHTTPTokenFromEnvWithoutListen(t *testing.T) {
	if _, err := tokenConfig(t, nil, map[string]string{envHTTPToken: unitToken}); err != nil {
		t.Errorf("token from the environment without --listen: %v", err)
	}
	if _, err := tokenConfig(t, []string{"--http-token", unitToken}, nil); err == nil {
		t.Error("--http-token without --listen accepted")
	}
}
