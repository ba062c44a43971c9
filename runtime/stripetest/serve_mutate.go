package stripetest

import (
	"bytes"
	"errors"
	"net/http"
	"strings"
)

// mutateHTTP answers POST and DELETE on list and object paths, so a fake
// running as a process can be changed with stripe-go or curl:
//
//	POST   /v1/customers            create (form fields override the fixture)
//	POST   /v1/invoices/{id}/lines  create under a parent
//	POST   /v1/customers/{id}       update
//	DELETE /v1/customers/{id}       delete (cancel for subscriptions)
func (s *Server) mutateHTTP(r *http.Request, key string) response {
	rt, vars := s.m.routes.match(r.URL.Path)
	if rt == nil || rt.def.events || (r.Method != http.MethodPost && r.Method != http.MethodDelete) ||
		(r.Method == http.MethodDelete && rt.kind != routeRetrieve) {
		return errorResponse(errUnrecognizedURL(r.Method, r.URL.Path))
	}
	if aerr := s.authorizeWrite(key, rt.def.op.Items); aerr != nil {
		return errorResponse(aerr)
	}
	k := rt.def.group.kinds[0]
	fields, err := formFields(r, k)
	if err != nil {
		return errorResponse(invalidRequest(400, "", "", "Invalid request body: %v", err))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if rt.kind == routeList {
		mu := &mutation{}
		if rt.def.scopeInPath {
			mu.parent = vars[rt.def.scopeParam]
		}
		o, err := s.st.create(k, fields, mu)
		return s.mutationResult(o, err)
	}
	id := vars[strings.Trim(idVar, "{}")]
	o := s.st.objects[id]
	if o == nil || o.deleted || !rt.def.group.holds(o.kind) {
		return errorResponse(errNoSuch(k.objectType, id, "id"))
	}
	if r.Method == http.MethodDelete {
		return s.mutationResult(o, s.st.remove(o, &mutation{}))
	}
	return s.mutationResult(o, s.st.update(o, fields, &mutation{}))
}

// mutationResult renders the changed object or a 400 for a failed change.
func (s *Server) mutationResult(o *object, err error) response {
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			return errorResponse(invalidRequest(404, "resource_missing", "", "%v", err))
		}
		return errorResponse(invalidRequest(400, "", "", "%v", err))
	}
	var buf bytes.Buffer
	s.st.render(&buf, o, nil, 0)
	return response{status: 200, body: buf.Bytes()}
}

// authorizeWrite denies restricted keys writes to denied resources.
func (s *Server) authorizeWrite(key string, resources []string) *apiError {
	if aerr := s.authorize(key, resources); aerr != nil {
		aerr.Message = strings.Replace(aerr.Message, "_read'", "_write'", 1)
		return aerr
	}
	return nil
}
