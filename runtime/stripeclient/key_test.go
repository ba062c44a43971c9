package stripeclient

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseKeyModes(t *testing.T) {
	cases := []struct {
		key        string
		mode       Mode
		restricted bool
	}{
		{"sk_live_abc123", ModeLive, false},
		{"rk_live_abc123", ModeLive, true},
		{"sk_test_abc123", ModeTest, false},
		{"rk_test_abc123", ModeTest, true},
	}
	for _, c := range cases {
		k, err := ParseKey(c.key)
		if err != nil {
			t.Fatalf("%s: %v", c.key, err)
		}
		if k.Mode() != c.mode || k.Restricted() != c.restricted {
			t.Errorf("%s: mode %v restricted %v", c.key, k.Mode(), k.Restricted())
		}
	}
}

func TestParseKeyRejectsWithoutEchoing(t *testing.T) {
	for _, bad := range []string{"pk_test_SeCrEt1", "sk_test_", "sk_test_Se CrEt1", "xx_SeCrEt1", "sk_prod_SeCrEt1"} {
		_, err := ParseKey(bad)
		if err == nil {
			t.Errorf("%q: accepted", bad)
			continue
		}
		if strings.Contains(err.Error(), "SeCrEt") || !strings.HasPrefix(err.Error(), "stripeclient: ") {
			t.Errorf("%q: error %q", bad, err)
		}
	}
	if _, err := ParseKey(""); !errors.Is(err, ErrNoKey) {
		t.Errorf("empty key: %v", err)
	}
}

// TestKeyNeverFormats prints a key, a config holding it and a client
// holding it every way fmt, encoding/json and slog can.
func TestKeyNeverFormats(t *testing.T) {
	k := mustKey(t, testSecret)
	cfg := Config{Key: k, APIVersion: testVersion}
	c, _ := newClient(t, "http://127.0.0.1:1")
	type holder struct{ k Key } // unexported: fmt prints it by reflection
	values := []any{k, &k, cfg, &cfg, c, holder{k}, []Key{k}, map[string]Key{"k": k}}
	for _, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%T"} {
			assertNoSecret(t, fmt.Sprintf("%s of %T", verb, v), fmt.Sprintf(verb, v))
		}
		assertNoSecret(t, "Sprint", fmt.Sprint(v))
		if b, err := json.Marshal(v); err == nil {
			assertNoSecret(t, "json", string(b))
		}
	}
	if got := k.String(); got != "sk_test_…(redacted)" {
		t.Errorf("String() = %q", got)
	}
	if b, _ := json.Marshal(cfg); !strings.Contains(string(b), `"sk_test_…(redacted)"`) {
		t.Errorf("json: %s", b)
	}
	log, buf := logBuffer()
	log.Info("key", "key", k, "config", cfg, "any", slog.AnyValue(&k))
	text := &syncBuffer{}
	slog.New(slog.NewTextHandler(text, nil)).Info("key", "key", k, "config", cfg)
	assertNoSecret(t, "slog json", buf.String())
	assertNoSecret(t, "slog text", text.String())
	if !strings.Contains(buf.String(), "(redacted)") {
		t.Errorf("slog did not show the redaction: %s", buf)
	}
}

func TestLoadKey(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "key")
	if err := os.WriteFile(file, []byte("  \n"+testSecret+"\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := func(v string) func(string) string {
		return func(name string) string {
			if name == EnvAPIKey {
				return v
			}
			return ""
		}
	}
	ok := []struct {
		name       string
		flag, file string
		env        string
		want       Mode
	}{
		{"flag", "sk_live_flag1", "", testSecret, ModeLive},
		{"file trimmed", "", file, "sk_live_env1", ModeTest},
		{"env", "", "", " rk_live_env1\n", ModeLive},
	}
	for _, c := range ok {
		k, err := LoadKey(c.flag, c.file, env(c.env))
		if err != nil || k.Mode() != c.want {
			t.Errorf("%s: %v %v", c.name, k.Mode(), err)
		}
	}
	k, _ := LoadKey("", file, env(""))
	if k.reveal() != testSecret {
		t.Errorf("file key not trimmed")
	}
	bad := []struct {
		name       string
		flag, file string
		env        string
		is         error
	}{
		{"both", "sk_test_a1", file, "", nil},
		{"none", "", "", "", ErrNoKey},
		{"empty file", "", empty, "", ErrNoKey},
		{"missing file", "", filepath.Join(dir, "nope"), "", os.ErrNotExist},
		{"publishable", "pk_test_" + secretPart, "", "", nil},
		{"bad env", "", "", "sk_test_" + secretPart + " x", nil},
	}
	for _, c := range bad {
		_, err := LoadKey(c.flag, c.file, env(c.env))
		if err == nil || (c.is != nil && !errors.Is(err, c.is)) {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		assertNoSecret(t, c.name, err.Error())
	}
}

func TestLoadBaseURL(t *testing.T) {
	env := func(string) string { return "http://127.0.0.1:12111" }
	none := func(string) string { return "" }
	if got := LoadBaseURL("http://flag", env); got != "http://flag" {
		t.Errorf("flag: %s", got)
	}
	if got := LoadBaseURL("", env); got != "http://127.0.0.1:12111" {
		t.Errorf("env: %s", got)
	}
	if got := LoadBaseURL("", none); got != DefaultBaseURL {
		t.Errorf("default: %s", got)
	}
}
