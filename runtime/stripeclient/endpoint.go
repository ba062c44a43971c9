package stripeclient

import (
	"path"
	"strings"
)

// endpointOf names the endpoint a request counts against: its method and
// its path with object ids replaced by "{id}" ("GET /v1/customers/{id}").
func endpointOf(method, p string) string {
	return method + " " + templateOf(p)
}

// templateOf replaces the id segments of an API path with "{id}"; the
// version segment ("v1") stays.
func templateOf(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if i > 1 && isIDSegment(s) {
			segs[i] = "{id}"
		}
	}
	return strings.Join(segs, "/")
}

// isIDSegment reports whether a path segment is an object id rather than a
// route word: route words are lower-case letters and underscores
// ("payment_intents", "create_preview"), while ids carry digits or
// upper-case letters ("cus_NffrFeUfNV2Hib", "acct_1032D82eZvKYlo2C").
func isIDSegment(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '.' || c == '-' {
			return true
		}
	}
	return false
}

// endpointRate is the budget of an endpoint: the lowest matching override,
// else the default.
func endpointRate(endpoint string, def float64, overrides map[string]float64) float64 {
	_, tmpl, _ := strings.Cut(endpoint, " ")
	rate := def
	for pattern, r := range overrides {
		if ok, _ := path.Match(pattern, tmpl); ok && r < rate {
			rate = r
		}
	}
	return rate
}
