package cli

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
)

// envHTTPToken holds the bearer token for GET /wait and GET /metrics when
// neither --http-token nor --http-token-file gives one.
const envHTTPToken = "STRIPESYNC_HTTP_TOKEN"

// minTokenLen is the shortest token accepted.
const minTokenLen = 16

// HTTPToken is the bearer token GET /wait and GET /metrics require. Like
// stripeclient.Key it never prints: fmt, slog and JSON show a redaction.
type HTTPToken struct {
	value func() string
	// fromEnv says the token came from STRIPESYNC_HTTP_TOKEN.
	fromEnv bool
}

// loadHTTPToken picks the token from, in order, the --http-token flag
// value, the file named by --http-token-file (surrounding whitespace
// trimmed) or STRIPESYNC_HTTP_TOKEN (blank: unset). Giving both flags is
// an error. Errors name the source, never the token.
func loadHTTPToken(flagValue, filePath string, getenv func(string) string) (HTTPToken, error) {
	switch {
	case flagValue != "" && filePath != "":
		return HTTPToken{}, errors.New("give --http-token or --http-token-file, not both")
	case flagValue != "":
		return tokenFrom("--http-token", flagValue)
	case filePath != "":
		b, err := os.ReadFile(filePath)
		if err != nil {
			return HTTPToken{}, fmt.Errorf("--http-token-file: %w", err)
		}
		return tokenFrom("--http-token-file "+filePath, string(b))
	}
	if v := strings.TrimSpace(getenv(envHTTPToken)); v != "" {
		t, err := tokenFrom(envHTTPToken, v)
		t.fromEnv = true
		return t, err
	}
	return HTTPToken{}, nil
}

// tokenFrom checks a token read from source, trimming surrounding
// whitespace: at least minTokenLen characters, printable ASCII without
// spaces (it travels in an Authorization header).
func tokenFrom(source, s string) (HTTPToken, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return HTTPToken{}, fmt.Errorf("%s: empty token", source)
	case len(s) < minTokenLen:
		return HTTPToken{}, fmt.Errorf("%s: the token is shorter than %d characters", source, minTokenLen)
	case !printable(s):
		return HTTPToken{}, fmt.Errorf("%s: the token must be printable ASCII without spaces", source)
	}
	return HTTPToken{value: func() string { return s }}, nil
}

// IsZero reports whether no token was given.
func (t HTTPToken) IsZero() bool { return t.value == nil }

// Reveal returns the token, for the HTTP server's check only.
func (t HTTPToken) Reveal() string {
	if t.value == nil {
		return ""
	}
	return t.value()
}

// validate checks that a token given by flag comes with --listen, the
// only thing that uses it. A token from the environment is left unused
// without --listen: a deployment sets one environment for every command
// (migrate, doctor, sync).
func (t HTTPToken) validate(listen string) error {
	if !t.IsZero() && !t.fromEnv && listen == "" {
		return errors.New("--http-token or --http-token-file needs --listen: the token guards GET /wait and /metrics")
	}
	return nil
}

// String returns a redaction.
func (t HTTPToken) String() string {
	if t.IsZero() {
		return "(no HTTP token)"
	}
	return "HTTP token (redacted)"
}

// Format writes the redaction for every verb.
func (t HTTPToken) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, t.String()) }

// LogValue makes slog log the redaction.
func (t HTTPToken) LogValue() slog.Value { return slog.StringValue(t.String()) }

// MarshalText encodes the redaction.
func (t HTTPToken) MarshalText() ([]byte, error) { return []byte(t.String()), nil }
