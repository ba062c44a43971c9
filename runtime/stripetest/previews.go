package stripetest

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Invoice previews are computed from the fake's state on every request:
//
//	GET  /v1/invoices/upcoming?customer=|subscription=        (specs that have it: acacia and older)
//	GET  /v1/invoices/upcoming/lines?customer=|subscription=  (the same specs)
//	POST /v1/invoices/create_preview customer=|subscription=  (every spec that has it)
//	GET  /v1/invoices/upcoming_in_<subject>/lines             (lines of a create_preview invoice)
//
// A subscription's preview bills its items (price unit_amount × quantity)
// and its customer's pending invoice items (invoice items with no invoice).
// A customer's preview is, on the upcoming endpoint, the preview of its
// oldest active subscription or else its pending items; on create_preview,
// which no longer previews across subscriptions, its pending items only.
// Nothing to bill answers 404 invoice_upcoming_none, as on Stripe; an
// unknown or deleted subject answers 400 resource_missing. Upcoming
// previews have no id; create_preview ones have "upcoming_in_" plus the
// subject's id. Lines are listed in billing order and paginate with
// starting_after; the embedded list shows the first 10.

// upcomingPrefix starts the id of a create_preview invoice.
const upcomingPrefix = "upcoming_in_"

// previewRoutes are the invoice preview endpoints.
func previewRoutes() []*extraRoute {
	return []*extraRoute{
		newExtraRoute(http.MethodGet, "/v1/invoices/upcoming", specHas("GET /v1/invoices/upcoming"), (*Server).serveUpcoming),
		newExtraRoute(http.MethodGet, "/v1/invoices/upcoming/lines", specHas("GET /v1/invoices/upcoming/lines"), (*Server).serveUpcomingLines),
		newExtraRoute(http.MethodPost, "/v1/invoices/create_preview", specHas("POST /v1/invoices/create_preview"), (*Server).serveCreatePreview),
		newExtraRoute(http.MethodGet, "/v1/invoices/{invoice}/lines", nil, (*Server).servePreviewLines),
	}
}

// subjectOf reads the customer and subscription parameters.
func subjectOf(v url.Values) (subject, *apiError) {
	sub := subject{customer: v.Get("customer"), subscription: v.Get("subscription")}
	if sub.customer == "" && sub.subscription == "" {
		return sub, errMissingParam("customer")
	}
	return sub, nil
}

// serveUpcoming answers GET /v1/invoices/upcoming.
func (s *Server) serveUpcoming(r *http.Request, key string, _ map[string]string) (response, bool) {
	return s.answerPreview(r, key, r.URL.Query(), true, false), true
}

// serveCreatePreview answers POST /v1/invoices/create_preview.
func (s *Server) serveCreatePreview(r *http.Request, key string, _ map[string]string) (response, bool) {
	if err := r.ParseForm(); err != nil {
		return errorResponse(invalidRequest(http.StatusBadRequest, "", "", "Invalid request body: %v", err)), true
	}
	return s.answerPreview(r, key, r.PostForm, false, false), true
}

// serveUpcomingLines answers GET /v1/invoices/upcoming/lines.
func (s *Server) serveUpcomingLines(r *http.Request, key string, _ map[string]string) (response, bool) {
	return s.answerPreview(r, key, r.URL.Query(), true, true), true
}

// servePreviewLines answers the lines of a create_preview invoice and
// passes every other invoice on to the list routes.
func (s *Server) servePreviewLines(r *http.Request, key string, vars map[string]string) (response, bool) {
	id, ok := strings.CutPrefix(vars["invoice"], upcomingPrefix)
	if !ok {
		return response{}, false
	}
	q := r.URL.Query()
	s.mu.RLock()
	o := s.st.objects[id]
	s.mu.RUnlock()
	if o == nil {
		return errorResponse(errNoSuch("invoice", vars["invoice"], "id")), true
	}
	q.Set(o.kind.name, id)
	return s.answerPreview(r, key, q, false, true), true
}

// answerPreview computes a preview and answers it, or one page of its lines.
func (s *Server) answerPreview(r *http.Request, key string, q url.Values, legacy, lines bool) response {
	if aerr := s.authorize(key, []string{"invoice"}); aerr != nil {
		return errorResponse(aerr)
	}
	subj, aerr := subjectOf(q)
	if aerr != nil {
		return errorResponse(aerr)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, aerr := s.st.preview(subj, legacy)
	if aerr != nil {
		return errorResponse(aerr)
	}
	if lines {
		return s.previewLinesPage(p, q)
	}
	return response{status: http.StatusOK, body: s.st.previewInvoice(p)}
}

// previewLinesPage answers one page of a preview's lines.
func (s *Server) previewLinesPage(p *preview, q url.Values) response {
	limit := 10
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			return errorResponse(errInvalidParam("limit", "Invalid integer: %s", v))
		}
		limit = n
	}
	start := 0
	if after := q.Get("starting_after"); after != "" {
		start = p.lineIndex(after) + 1
		if start == 0 {
			return errorResponse(errNoSuch("line_item", after, "starting_after"))
		}
	}
	data, more := p.page(start, limit)
	return response{status: http.StatusOK, body: listJSON(data, more, p.linesURL)}
}
