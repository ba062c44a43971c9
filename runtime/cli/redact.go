package cli

import (
	"io"
	"sort"
	"strings"
	"sync"
)

// redactor is the last guard against printing a secret: every byte the
// command writes to stdout or stderr passes through it, and each secret it
// knows (the API key, webhook secrets, the database password) becomes
// "[redacted]". Secrets are also hidden by type (stripeclient.Key,
// Secrets); this catches what slips past, such as a server echoing a key.
type redactor struct {
	mu      sync.Mutex
	w       io.Writer
	secrets []string
}

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
	if _, err := io.WriteString(r.w, s); err != nil {
		return 0, err
	}
	return len(p), nil
}
