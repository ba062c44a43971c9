package stripeclient

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
)

// Key is a Stripe secret (sk_) or restricted (rk_) API key. It never prints:
// fmt verbs, JSON, text and slog all render a redaction such as
// "sk_test_…(redacted)" that holds no secret character. The secret lives
// in a closure, so even reflection-based printing of a struct holding a
// Key (fmt's %v of an unexported field, its %!s(...) of a bad verb) shows
// only a function address.
type Key struct {
	prefix string // "sk_test_", "rk_live_" ...
	secret func() string
}

// Mode is the Stripe mode a key works in.
type Mode int

const (
	// ModeTest is test mode and sandboxes (sk_test_, rk_test_ keys).
	ModeTest Mode = iota + 1
	// ModeLive is live mode (sk_live_, rk_live_ keys).
	ModeLive
)

// String returns "test" or "live".
func (m Mode) String() string {
	switch m {
	case ModeTest:
		return "test"
	case ModeLive:
		return "live"
	}
	return "unknown"
}

// keyPrefixes are the accepted key prefixes and their modes.
var keyPrefixes = []struct {
	prefix string
	mode   Mode
}{
	{"sk_live_", ModeLive}, {"rk_live_", ModeLive},
	{"sk_test_", ModeTest}, {"rk_test_", ModeTest},
}

// ParseKey checks the shape of a secret or restricted key. Its errors never
// quote the input.
func ParseKey(s string) (Key, error) {
	if s == "" {
		return Key{}, ErrNoKey
	}
	k, err := parseKey(s)
	if err != nil {
		return Key{}, fmt.Errorf("stripeclient: %w", err)
	}
	return k, nil
}

// parseKey is ParseKey without the package prefix on errors.
func parseKey(s string) (Key, error) {
	if strings.HasPrefix(s, "pk_") {
		return Key{}, errors.New("a publishable key (pk_) cannot read account data; use a secret (sk_) or restricted (rk_) key")
	}
	for _, p := range keyPrefixes {
		rest, ok := strings.CutPrefix(s, p.prefix)
		if !ok {
			continue
		}
		if rest == "" || !printable(rest) {
			return Key{}, fmt.Errorf("malformed %s key: empty, or holding spaces or control characters", p.prefix)
		}
		return Key{prefix: p.prefix, secret: func() string { return s }}, nil
	}
	return Key{}, errors.New("an API key must start with sk_live_, sk_test_, rk_live_ or rk_test_")
}

// printable reports whether s is printable ASCII without spaces.
func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// IsZero reports whether no key is set.
func (k Key) IsZero() bool { return k.secret == nil }

// Mode returns the key's mode (0 for the zero Key).
func (k Key) Mode() Mode {
	for _, p := range keyPrefixes {
		if p.prefix == k.prefix {
			return p.mode
		}
	}
	return 0
}

// Restricted reports whether the key is a restricted key (rk_).
func (k Key) Restricted() bool { return strings.HasPrefix(k.prefix, "rk_") }

// reveal returns the secret, for the Authorization header only.
func (k Key) reveal() string {
	if k.secret == nil {
		return ""
	}
	return k.secret()
}

// String returns the redaction, e.g. "sk_test_…(redacted)".
func (k Key) String() string {
	if k.secret == nil {
		return "(no key)"
	}
	return k.prefix + "…(redacted)"
}

// GoString returns the redaction, for %#v.
func (k Key) GoString() string { return k.String() }

// Format writes the redaction for every verb (%v, %+v, %#v, %s, %q, %x ...).
func (k Key) Format(f fmt.State, verb rune) {
	s := k.String()
	if verb == 'q' {
		s = strconv.Quote(s)
	}
	_, _ = io.WriteString(f, s)
}

// MarshalJSON encodes the redaction as a JSON string.
func (k Key) MarshalJSON() ([]byte, error) { return json.Marshal(k.String()) }

// MarshalText encodes the redaction.
func (k Key) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// LogValue makes slog log the redaction.
func (k Key) LogValue() slog.Value { return slog.StringValue(k.String()) }
