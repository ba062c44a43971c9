package stripetest

import (
	"net/http"
	"sync"
)

// extraRoute is an endpoint the spec-driven list router does not model:
// writes with array parameters (webhook endpoints) and computed objects
// (invoice previews). route consults these before the list routes.
type extraRoute struct {
	method string
	segs   []string
	// when reports whether the served spec has the endpoint; nil: always.
	when func(m *model) bool
	// serve answers the request; false passes it on to the list routes.
	serve func(s *Server, r *http.Request, key string, vars map[string]string) (response, bool)
}

// extraRoutes lists every extra endpoint, matched in order.
var extraRoutes = sync.OnceValue(func() []*extraRoute {
	return append(webhookEndpointRoutes(), previewRoutes()...)
})

// newExtraRoute builds a route from a path template such as
// "/v1/webhook_endpoints/{webhook_endpoint}".
func newExtraRoute(method, path string, when func(*model) bool,
	serve func(*Server, *http.Request, string, map[string]string) (response, bool)) *extraRoute {
	return &extraRoute{method: method, segs: splitPath(path), when: when, serve: serve}
}

// specHas returns a condition true when the served spec has the operation
// ("GET /v1/invoices/upcoming").
func specHas(op string) func(*model) bool {
	return func(m *model) bool {
		for _, p := range m.api.Paths {
			if p == op {
				return true
			}
		}
		return false
	}
}

// routeExtra answers an authenticated request with an extra route, if one
// matches and takes it.
func (s *Server) routeExtra(r *http.Request, key string) (response, bool) {
	segs := splitPath(r.URL.Path)
	for _, rt := range extraRoutes() {
		if rt.method != r.Method || (rt.when != nil && !rt.when(s.m)) {
			continue
		}
		vars, ok := matchPath(rt.segs, segs)
		if !ok {
			continue
		}
		if resp, ok := rt.serve(s, r, key, vars); ok {
			return resp, true
		}
	}
	return response{}, false
}
