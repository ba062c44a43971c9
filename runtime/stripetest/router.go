package stripetest

import (
	"sort"
	"strings"
)

// routeKind says what a matched GET path does.
type routeKind int

const (
	routeList routeKind = iota
	routeRetrieve
)

// idVar is the path variable holding the object id of a retrieve route.
const idVar = "{__id}"

// route is one GET path template.
type route struct {
	kind     routeKind
	segs     []string
	def      *listDef
	literals int
}

// router matches request paths against the list endpoints of the spec and
// their retrieve paths (the list path plus /{id}, e.g. /v1/customers/{id},
// /v1/accounts/{account}/persons/{id}, /v1/subscription_items/{id}).
type router struct {
	routes []*route
}

func newRouter(m *model) *router {
	r := &router{}
	for _, d := range m.listList {
		segs := splitPath(d.path)
		r.add(&route{kind: routeList, segs: segs, def: d})
		r.add(&route{kind: routeRetrieve, segs: append(append([]string(nil), segs...), idVar), def: d})
	}
	sort.SliceStable(r.routes, func(i, j int) bool { return r.routes[i].literals > r.routes[j].literals })
	return r
}

func (r *router) add(rt *route) {
	for _, s := range rt.segs {
		if !isVar(s) {
			rt.literals++
		}
	}
	r.routes = append(r.routes, rt)
}

// match returns the best route for a path and its variables by name.
func (r *router) match(path string) (*route, map[string]string) {
	segs := splitPath(path)
	for _, rt := range r.routes {
		if vars, ok := matchPath(rt.segs, segs); ok {
			return rt, vars
		}
	}
	return nil, nil
}

func splitPath(p string) []string {
	return strings.Split(strings.Trim(p, "/"), "/")
}

func isVar(seg string) bool {
	return strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}")
}

// matchPath matches path segments against a template's segments.
func matchPath(tmpl, segs []string) (map[string]string, bool) {
	if len(tmpl) != len(segs) {
		return nil, false
	}
	var vars map[string]string
	for i, t := range tmpl {
		switch {
		case isVar(t):
			if segs[i] == "" {
				return nil, false
			}
			if vars == nil {
				vars = map[string]string{}
			}
			vars[strings.Trim(t, "{}")] = segs[i]
		case t != segs[i]:
			return nil, false
		}
	}
	return vars, true
}
