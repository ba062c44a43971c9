package stripetest

import (
	"net/http"
	"strings"
	"sync"
)

// keyRules holds the restricted keys and the resources each may not read.
type keyRules struct {
	mu     sync.RWMutex
	denied map[string]map[string]bool
}

// RestrictKey makes key a restricted key that may not read the given
// resources (x-resourceId names such as "customer" or "checkout.session").
// Requests for them answer 403 with Stripe's permission error, naming the
// missing rak_<resource>_read permission. Calling it again replaces the set.
func (s *Server) RestrictKey(key string, denied ...string) {
	s.keys.mu.Lock()
	defer s.keys.mu.Unlock()
	if s.keys.denied == nil {
		s.keys.denied = map[string]map[string]bool{}
	}
	set := map[string]bool{}
	for _, d := range denied {
		set[d] = true
	}
	s.keys.denied[key] = set
}

// authenticate returns the request's API key, or the 401 to answer. Keys are
// sk_test_... or rk_test_..., sent as a Bearer token or a Basic username.
func authenticate(r *http.Request) (string, *apiError) {
	key := ""
	h := r.Header.Get("Authorization")
	if token, ok := strings.CutPrefix(h, "Bearer "); ok {
		key = strings.TrimSpace(token)
	} else if user, _, ok := r.BasicAuth(); ok {
		key = user
	}
	if key == "" {
		return "", errNoKey()
	}
	for _, prefix := range []string{"sk_test_", "rk_test_"} {
		if rest, ok := strings.CutPrefix(key, prefix); ok && rest != "" && !strings.ContainsAny(rest, " \t") {
			return key, nil
		}
	}
	return "", errBadKey(key)
}

// authorize answers 403 when a restricted key may not read one of the
// resources a request touches.
func (s *Server) authorize(key string, resources []string) *apiError {
	s.keys.mu.RLock()
	defer s.keys.mu.RUnlock()
	denied := s.keys.denied[key]
	for _, res := range resources {
		if denied[res] {
			return errPermission(key, "rak_"+strings.ReplaceAll(res, ".", "_")+"_read")
		}
	}
	return nil
}
