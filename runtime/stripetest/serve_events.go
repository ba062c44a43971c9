package stripetest

import (
	"bytes"
)

// listEvents answers GET /v1/events: newest first, 30-day retention,
// type/types[] filters with "*" wildcards.
func (s *Server) listEvents(lq *listQuery, path string) response {
	lq.win.raiseLo(s.st.now() - Retention)
	for i, c := range []string{lq.after, lq.before} {
		if c == "" {
			continue
		}
		e := s.st.events.byID[c]
		if e == nil {
			return errorResponse(errNoSuch("event", c, []string{"starting_after", "ending_before"}[i]))
		}
		k := e.sortKey()
		if i == 0 {
			lq.win.after = &k
		} else {
			lq.win.before = &k
		}
	}
	types := lq.types
	if t := lq.filters["type"]; t != "" {
		types = []string{t}
	}
	items, more := page(&s.st.events.set, lq.win, eventMatches(types))
	return s.listBody(len(items), more, path, func(buf *bytes.Buffer, i int) {
		buf.Write(items[i].raw)
	})
}

// retrieveEvent answers GET /v1/events/{id}; expired events are gone.
func (s *Server) retrieveEvent(id string) response {
	e := s.st.events.byID[id]
	if e == nil || e.created < s.st.now()-Retention {
		return errorResponse(errNoSuch("event", id, "id"))
	}
	return response{status: 200, body: e.raw}
}
