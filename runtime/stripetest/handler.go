package stripetest

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// response is an answer before it is written.
type response struct {
	status     int
	body       []byte
	retryAfter time.Duration
}

func errorResponse(e *apiError) response {
	return response{status: e.status, body: e.body()}
}

// ServeHTTP answers Stripe API requests and the /_stripetest/ controls.
// Every API request is recorded, authenticated, passed through the fault
// layer and routed to a list or retrieve handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, controlPrefix) {
		s.control(w, r)
		return
	}
	rec := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
		StripeVersion: r.Header.Get("Stripe-Version"), At: time.Now()}
	resp, cut := s.serve(r)
	if cut {
		s.log.add(rec)
		s.writeCut(w, resp)
		return
	}
	rec.Status = resp.status
	s.log.add(rec)
	s.write(w, resp)
}

// serve runs the pipeline and reports whether to cut the response short.
func (s *Server) serve(r *http.Request) (response, bool) {
	key, aerr := authenticate(r)
	if aerr != nil {
		return errorResponse(aerr), false
	}
	d := s.faults.decide(r.URL.Path)
	if d.delay > 0 && !sleep(r.Context(), d.delay) {
		return errorResponse(errServer()), false
	}
	switch d.status {
	case http.StatusTooManyRequests:
		resp := errorResponse(errRateLimited())
		resp.retryAfter = max(d.retryAfter, time.Second)
		return resp, false
	case http.StatusInternalServerError:
		return errorResponse(errServer()), false
	}
	return s.route(r, key), d.cut
}

// route dispatches an authenticated request.
func (s *Server) route(r *http.Request, key string) response {
	if resp, ok := s.routeExtra(r, key); ok {
		return resp
	}
	if r.Method != http.MethodGet {
		return s.mutateHTTP(r, key)
	}
	rt, vars := s.m.routes.match(r.URL.Path)
	if rt == nil {
		return errorResponse(errUnrecognizedURL(r.Method, r.URL.Path))
	}
	resources := rt.def.op.Items
	if aerr := s.authorize(key, resources); aerr != nil {
		return errorResponse(aerr)
	}
	q := r.URL.Query()
	if rt.kind == routeRetrieve {
		return s.retrieve(rt.def, vars[strings.Trim(idVar, "{}")], q)
	}
	return s.list(rt.def, vars, q, r.URL.Path)
}

func (s *Server) write(w http.ResponseWriter, resp response) {
	s.setCommonHeaders(w)
	if resp.retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds(resp.retryAfter)))
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(resp.body)))
	w.WriteHeader(resp.status)
	_, _ = w.Write(resp.body)
}

// writeCut promises the whole body, writes half of it and drops the
// connection, as a proxy or network failure would.
func (s *Server) writeCut(w http.ResponseWriter, resp response) {
	s.setCommonHeaders(w)
	w.Header().Set("Content-Length", strconv.Itoa(len(resp.body)))
	w.WriteHeader(resp.status)
	_, _ = w.Write(resp.body[:len(resp.body)/2])
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	panic(http.ErrAbortHandler)
}

// sleep waits d or until ctx ends; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
