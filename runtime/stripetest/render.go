package stripetest

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
)

// nestedLimit is how many children an embedded list shows, as on Stripe.
const nestedLimit = 10

// maxDepth bounds rendering of embedded and expanded objects.
const maxDepth = 2

// renderBytes renders o as Stripe would return it, expanding the named
// top-level references.
func (s *store) renderBytes(o *object, expand map[string]bool) (json.RawMessage, error) {
	var buf bytes.Buffer
	s.render(&buf, o, expand, 0)
	return buf.Bytes(), nil
}

// render writes o's JSON: template keys and overrides in sorted order, with
// nested lists, embedded objects and expansions rendered live.
func (s *store) render(buf *bytes.Buffer, o *object, expand map[string]bool, depth int) {
	if o.deleted && o.stub {
		writeStub(buf, o)
		return
	}
	buf.WriteByte('{')
	for i, field := range o.fieldNames() {
		if i > 0 {
			buf.WriteByte(',')
		}
		writeKey(buf, field)
		s.renderField(buf, o, field, expand, depth)
	}
	s.renderIncluded(buf, o, expand, depth)
	buf.WriteByte('}')
}

// renderIncluded appends expanded list fields the template lacks
// (expand[]=line_items on a checkout session), in sorted order.
func (s *store) renderIncluded(buf *bytes.Buffer, o *object, expand map[string]bool, depth int) {
	if len(expand) == 0 || len(o.kind.includable) == 0 || depth >= maxDepth {
		return
	}
	var names []string
	for name := range expand {
		if o.kind.includable[name] != nil && !o.has(name) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		buf.WriteByte(',')
		writeKey(buf, name)
		s.renderNested(buf, o, o.kind.includable[name], depth)
	}
}

func (s *store) renderField(buf *bytes.Buffer, o *object, field string, expand map[string]bool, depth int) {
	k := o.kind
	if n := k.nested[field]; n != nil && depth < maxDepth {
		s.renderNested(buf, o, n, depth)
		return
	}
	if depth < maxDepth {
		_, embedded := k.embeds[field]
		if embedded || expand[field] {
			if target := s.objects[o.ref(field)]; target != nil && (embedded || isRefField(k, field)) {
				s.render(buf, target, nil, depth+1)
				return
			}
		}
	}
	buf.Write(o.raw(field))
}

// fieldNames returns the template's keys plus any extra override keys, sorted.
func (o *object) fieldNames() []string {
	var extra []string
	for f := range o.fields {
		if _, ok := o.kind.tmpl[f]; !ok {
			extra = append(extra, f)
		}
	}
	if len(extra) == 0 {
		return o.kind.keys
	}
	out := append(append([]string(nil), o.kind.keys...), extra...)
	sort.Strings(out)
	return out
}

// renderNested writes the first page of an embedded list (at most 10
// children, newest first) with has_more and the url serving the rest.
func (s *store) renderNested(buf *bytes.Buffer, o *object, n *nestedList, depth int) {
	url := n.urlBefore
	var items []*object
	more := false
	if n.group != nil {
		url = n.urlBefore + o.id + n.urlAfter
		if set := s.coll(n.group, o.id, false); set != nil {
			items, more = page(set, window{limit: nestedLimit}, nil)
		}
	}
	buf.WriteString(`{"data":[`)
	for i, c := range items {
		if i > 0 {
			buf.WriteByte(',')
		}
		s.render(buf, c, nil, depth+1)
	}
	buf.WriteString(`],"has_more":` + strconv.FormatBool(more) + `,"object":"list","url":`)
	buf.WriteString(strconv.Quote(url))
	buf.WriteByte('}')
}

func writeStub(buf *bytes.Buffer, o *object) {
	buf.WriteString(`{"deleted":true,"id":`)
	buf.WriteString(strconv.Quote(o.id))
	buf.WriteString(`,"object":`)
	buf.WriteString(strconv.Quote(o.kind.objectType))
	buf.WriteByte('}')
}

func writeKey(buf *bytes.Buffer, k string) {
	if plainKey(k) {
		buf.WriteByte('"')
		buf.WriteString(k)
		buf.WriteString(`":`)
		return
	}
	raw, _ := json.Marshal(k)
	buf.Write(raw)
	buf.WriteByte(':')
}

// plainKey reports whether k needs no JSON escaping.
func plainKey(k string) bool {
	for i := 0; i < len(k); i++ {
		c := k[i]
		if c < 0x20 || c == '"' || c == '\\' || c >= 0x80 {
			return false
		}
	}
	return true
}

func isRefField(k *kind, field string) bool {
	return refTo(k, field) != nil
}

// expandSet reads expand[] values; on lists the "data." prefix is dropped.
func expandSet(values []string, list bool) map[string]bool {
	if len(values) == 0 {
		return nil
	}
	out := map[string]bool{}
	for _, v := range values {
		if list {
			var ok bool
			if v, ok = strings.CutPrefix(v, "data."); !ok {
				continue
			}
		}
		out[v] = true
	}
	return out
}
