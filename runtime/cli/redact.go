package cli

import (
	"io"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// redactor is the last guard against printing a secret: every byte the
// command writes to stdout or stderr passes through it. Each secret it
// knows (the API key, webhook secrets, the database password) becomes
// "[redacted]", and anything shaped like a Stripe key or webhook secret
// (a key typed as an argument, say) keeps only its prefix. Secrets are
// also hidden by type (stripeclient.Key, Secrets); this catches what
// slips past.
type redactor struct {
	mu      sync.Mutex
	w       io.Writer
	secrets []string
}

// keyShaped matches Stripe secret and restricted keys and webhook
// secrets; the first group is the prefix that may show.
var keyShaped = regexp.MustCompile(`\b((?:sk|rk)_(?:live|test)_|whsec_)[0-9A-Za-z]+`)

// minSecretLen is the shortest secret worth replacing; shorter strings
// (an empty password, "x") would mangle ordinary output.
const minSecretLen = 6

// newRedactor wraps w, replacing the given secrets (longest first).
func newRedactor(w io.Writer, secrets []string) *redactor {
	var keep []string
	for _, s := range secrets {
		if s = strings.TrimSpace(s); len(s) >= minSecretLen {
			keep = append(keep, s)
		}
	}
	sort.Slice(keep, func(i, j int) bool { return len(keep[i]) > len(keep[j]) })
	return &redactor{w: w, secrets: keep}
}

// Write writes p with every known secret replaced. It reports len(p) on
// success, as callers expect of a writer that changes lengths.
func (r *redactor) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := string(p)
	for _, sec := range r.secrets {
		s = strings.ReplaceAll(s, sec, "[redacted]")
	}
	s = keyShaped.ReplaceAllString(s, "${1}…(redacted)")
	if _, err := io.WriteString(r.w, s); err != nil {
		return 0, err
	}
	return len(p), nil
}
