package cli

import (
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
)

// Secrets are webhook signing secrets (whsec_...). Like stripeclient.Key
// they never print: fmt, slog and JSON show only how many there are.
type Secrets struct {
	values func() []string
}

// parseSecrets splits a comma-separated list of secrets.
func parseSecrets(s string) Secrets {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		return Secrets{}
	}
	return Secrets{values: func() []string { return out }}
}

// Len returns how many secrets there are.
func (s Secrets) Len() int {
	if s.values == nil {
		return 0
	}
	return len(s.values())
}

// Reveal returns the secrets, for signature checks only.
func (s Secrets) Reveal() []string {
	if s.values == nil {
		return nil
	}
	return s.values()
}

// validate checks that every secret looks like a webhook signing secret,
// without quoting any.
func (s Secrets) validate() error {
	for i, v := range s.Reveal() {
		if !strings.HasPrefix(v, "whsec_") || len(v) == len("whsec_") || !printable(v) {
			return fmt.Errorf("--webhook-secret: secret %d of %d is not a webhook signing secret (whsec_...)", i+1, s.Len())
		}
	}
	return nil
}

// String returns a redaction such as "2 webhook secrets (redacted)".
func (s Secrets) String() string {
	switch n := s.Len(); n {
	case 0:
		return "(no webhook secret)"
	case 1:
		return "1 webhook secret (redacted)"
	default:
		return strconv.Itoa(n) + " webhook secrets (redacted)"
	}
}

// Format writes the redaction for every verb.
func (s Secrets) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, s.String()) }

// LogValue makes slog log the redaction.
func (s Secrets) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalText encodes the redaction.
func (s Secrets) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// printable reports whether s is printable ASCII without spaces.
func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f {
			return false
		}
	}
	return true
}
