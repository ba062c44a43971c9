package gen

import (
	"strings"

	"github.com/stripesync/stripesync/openapi"
)

// skippedLists are list endpoints that are calculations, not collections.
var skippedLists = map[string]bool{
	"/v1/credit_notes/preview/lines": true,
}

// parentRef says which resource's ids a parent-scoped list takes, and where.
type parentRef struct {
	resource string
	param    string
}

// listParent finds the parent of a list: the resource whose retrieve path is
// the list path's prefix (/v1/invoices/{invoice}/lines -> invoice), or the
// resource named by a required query filter (/v1/setup_attempts?setup_intent=).
// ok is false when the list needs an input that is not a resource id.
func listParent(api *openapi.API, l *openapi.ListOp) (ref parentRef, ok bool) {
	if len(l.PathParams) > 0 {
		if len(l.PathParams) > 1 {
			return parentRef{}, false
		}
		i := strings.LastIndex(l.Path, "}")
		prefix := normalizePath(l.Path[:i+1])
		for _, r := range api.Resources {
			for _, p := range r.RetrievePaths {
				if normalizePath(p) == prefix {
					ref = parentRef{resource: r.Name, param: l.PathParams[0]}
				}
			}
		}
		return ref, ref.resource != "" && len(l.RequiredParams()) == 0
	}
	req := l.RequiredParams()
	if len(req) == 0 {
		return parentRef{}, true
	}
	if len(req) > 1 {
		return parentRef{}, false
	}
	if r := resourceNamed(api, req[0], l.Path); r != "" {
		return parentRef{resource: r, param: req[0]}, true
	}
	return parentRef{}, false
}

// resourceNamed resolves a filter name such as "financial_account" to a resource,
// preferring one in the same namespace as the list path (/v1/treasury/...).
func resourceNamed(api *openapi.API, name, path string) string {
	var found []string
	for _, r := range api.Resources {
		if r.DeletedOf == "" && r.HasID && (r.Name == name || strings.HasSuffix(r.Name, "."+name)) {
			found = append(found, r.Name)
		}
	}
	segs := strings.Split(strings.TrimPrefix(path, "/v1/"), "/")
	for _, f := range found {
		if strings.HasPrefix(f, segs[0]+".") {
			return f
		}
	}
	for _, f := range found {
		if f == name {
			return f
		}
	}
	if len(found) == 1 {
		return found[0]
	}
	return ""
}

// normalizePath blanks path parameter names: /v1/transfers/{id} -> /v1/transfers/{}.
func normalizePath(p string) string {
	var b strings.Builder
	depth := 0
	for _, r := range p {
		switch {
		case r == '{':
			depth++
			b.WriteRune(r)
		case r == '}':
			depth--
			b.WriteRune(r)
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// singular is the name used for a parent id column: "checkout.session" -> "checkout_session".
func singular(resource string) string {
	return snake(resource)
}
