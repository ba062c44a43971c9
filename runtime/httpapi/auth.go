package httpapi

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"
)

// bearerAuth guards the routes that need Config.Token. It keeps only the
// token's SHA-256 digest, so the comparison takes the same time whatever
// the presented token's length and content.
type bearerAuth struct {
	want [sha256.Size]byte
	on   bool
}

// newBearerAuth returns the guard for token; "" lets every request in.
func newBearerAuth(token string) bearerAuth {
	if token == "" {
		return bearerAuth{}
	}
	return bearerAuth{want: sha256.Sum256([]byte(token)), on: true}
}

// validateToken checks that a token can travel in an Authorization header,
// without quoting it.
func validateToken(token string) error {
	for i := 0; i < len(token); i++ {
		if token[i] <= ' ' || token[i] >= 0x7f {
			return errors.New("httpapi: the token must be printable ASCII without spaces")
		}
	}
	return nil
}

// allows reports whether r carries "Authorization: Bearer <token>" with
// the right token. The scheme is case-insensitive (RFC 7235).
func (a bearerAuth) allows(r *http.Request) bool {
	if !a.on {
		return true
	}
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	got := sha256.Sum256([]byte(strings.TrimLeft(token, " ")))
	return subtle.ConstantTimeCompare(got[:], a.want[:]) == 1
}

// requireToken wraps the handler of route ("wait", "metrics"): without the
// token the answer is 401 with a Bearer challenge, and the rejection is
// counted under the route's fixed name, never anything from the request.
func (s *Server) requireToken(route string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.auth.allows(r) {
			s.stats.unauthorized(route)
			w.Header().Set("WWW-Authenticate", "Bearer")
			writeError(w, http.StatusUnauthorized, "missing or wrong bearer token: send Authorization: Bearer <token>")
			return
		}
		h(w, r)
	}
}
