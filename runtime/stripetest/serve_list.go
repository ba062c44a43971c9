package stripetest

import (
	"bytes"
	"net/url"
	"strconv"
)

// list answers a list endpoint.
func (s *Server) list(d *listDef, vars map[string]string, q url.Values, path string) response {
	lq, aerr := parseListQuery(d, q)
	if aerr != nil {
		return errorResponse(aerr)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if d.events {
		return s.listEvents(lq, path)
	}
	scope := ""
	if d.scopeParam != "" {
		scope = q.Get(d.scopeParam)
		if d.scopeInPath {
			scope = vars[d.scopeParam]
		}
	}
	if aerr := s.checkParent(d, scope); aerr != nil {
		return errorResponse(aerr)
	}
	if aerr := s.cursors(d, lq); aerr != nil {
		return errorResponse(aerr)
	}
	var items []*object
	more := false
	if set := s.st.coll(d.group, scope, false); set != nil {
		items, more = page(set, lq.win, listFilter(d, lq.filters))
	}
	expand := expandSet(lq.expand, true)
	return s.listBody(len(items), more, path, func(buf *bytes.Buffer, i int) {
		s.st.render(buf, items[i], expand, 0)
	})
}

// checkParent answers 404 when a path names a parent that does not exist.
func (s *Server) checkParent(d *listDef, scope string) *apiError {
	if !d.scopeInPath || d.group.parent == nil {
		return nil
	}
	if p := s.st.objects[scope]; p == nil || p.kind != d.group.parent {
		return errNoSuch(d.group.parent.objectType, scope, "id")
	}
	return nil
}

// cursors turns starting_after/ending_before ids into keys. Deleted objects
// keep their place, so a cursor at a since-deleted object still works.
func (s *Server) cursors(d *listDef, lq *listQuery) *apiError {
	for _, c := range []struct {
		id    string
		param string
		dst   **key
	}{{lq.after, "starting_after", &lq.win.after}, {lq.before, "ending_before", &lq.win.before}} {
		if c.id == "" {
			continue
		}
		o := s.st.objects[c.id]
		if o == nil || !d.group.holds(o.kind) {
			return errNoSuch(d.group.kinds[0].objectType, c.id, c.param)
		}
		k := o.sortKey()
		*c.dst = &k
	}
	return nil
}

// listFilter combines the default and requested filters of a list.
func listFilter(d *listDef, filters map[string]string) func(*object) bool {
	status, hasStatus := filters["status"]
	var eq [][2]string
	for name, v := range filters {
		if d.filterable[name] && !(d.hideCanceled && name == "status") {
			eq = append(eq, [2]string{name, v})
		}
	}
	if len(eq) == 0 && !d.hideCanceled {
		return nil
	}
	return func(o *object) bool {
		for _, f := range eq {
			if !o.equals(f[0], f[1]) {
				return false
			}
		}
		if d.hideCanceled {
			return subscriptionStatusMatches(o, status, hasStatus)
		}
		return true
	}
}

// subscriptionStatusMatches applies /v1/subscriptions' status rule: no
// status hides canceled subscriptions, "all" shows every one, "ended" shows
// canceled and incomplete_expired ones.
func subscriptionStatusMatches(o *object, status string, given bool) bool {
	actual := jsonString(o.raw("status"))
	switch {
	case !given || status == "":
		return actual != "canceled"
	case status == "all":
		return true
	case status == "ended":
		return actual == "canceled" || actual == "incomplete_expired"
	default:
		return actual == status
	}
}

// listBody writes Stripe's list envelope around n rendered items.
func (s *Server) listBody(n int, more bool, path string, item func(*bytes.Buffer, int)) response {
	var buf bytes.Buffer
	buf.WriteString(`{"object":"list","data":[`)
	for i := range n {
		if i > 0 {
			buf.WriteByte(',')
		}
		item(&buf, i)
	}
	buf.WriteString(`],"has_more":` + strconv.FormatBool(more) + `,"url":` + strconv.Quote(path) + `}`)
	return response{status: 200, body: buf.Bytes()}
}

// retrieve answers GET <list path>/{id}: the object, the deleted stub of a
// deletable resource, or 404.
func (s *Server) retrieve(d *listDef, id string, q url.Values) response {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if d.events {
		return s.retrieveEvent(id)
	}
	o := s.st.objects[id]
	if o == nil || !d.group.holds(o.kind) || (o.deleted && !o.stub) {
		return errorResponse(errNoSuch(d.group.kinds[0].objectType, id, "id"))
	}
	for name := range q {
		if name != "expand[]" && name != "expand" && !isIndexed(name, "expand") {
			return errorResponse(errUnknownParam(name))
		}
	}
	var buf bytes.Buffer
	s.st.render(&buf, o, expandSet(expandValues(q), false), 0)
	return response{status: 200, body: buf.Bytes()}
}

// expandValues collects expand, expand[] and expand[N] values.
func expandValues(q url.Values) []string {
	var out []string
	for k, vs := range q {
		if k == "expand" || k == "expand[]" || isIndexed(k, "expand") {
			out = append(out, vs...)
		}
	}
	return out
}

// isIndexed reports whether k is name[N].
func isIndexed(k, name string) bool {
	rest, ok := bytes.CutPrefix([]byte(k), []byte(name+"["))
	if !ok || len(rest) < 2 || rest[len(rest)-1] != ']' {
		return false
	}
	_, err := strconv.Atoi(string(rest[:len(rest)-1]))
	return err == nil
}
