package syncdb

import (
	"encoding/json"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgtype"
)

// UnstorableKey is the _extra key holding values PostgreSQL cannot store
// (strings with NUL or lone UTF-16 surrogates, which neither text nor jsonb
// accept). Its value is a JSON string whose text is a JSON array of
// [path, value] pairs, the values exactly as received; inside a string the
// offending escapes are plain text, so jsonb takes them.
const UnstorableKey = "$unstorable"

// Extra returns the object's _extra: every value the table has no column
// for, at its path, or nil when there is none.
func (d *Decoder) Extra() json.RawMessage {
	st := d.cur
	d.checkURLs()
	if len(st.extra) == 0 && len(st.bad) == 0 {
		return nil
	}
	root := &node{}
	for _, e := range st.extra {
		root.insert(e.path, e.raw)
	}
	if len(st.bad) > 0 {
		root.insert([]string{UnstorableKey}, appendString(nil, string(encodeEntries(st.bad))))
	}
	return root.appendJSON(nil)
}

// Hash returns the content hash of the object just decoded, over its JSON
// text and provenance (see contentHash).
func (d *Decoder) Hash() pgtype.Int8 {
	st := d.cur
	h := contentHash(d.s.data[st.start:d.s.pos], []byte(st.meta.APIVersion), []byte(st.meta.AccountID))
	return pgtype.Int8{Int64: h, Valid: true}
}

// node is one object level of _extra.
type node struct {
	keys     []string
	children map[string]*node
	raw      map[string][]byte
}

func (n *node) insert(path []string, raw []byte) {
	key := path[0]
	if n.children == nil {
		n.children, n.raw = map[string]*node{}, map[string][]byte{}
	}
	_, isNode := n.children[key]
	_, isRaw := n.raw[key]
	if !isNode && !isRaw {
		n.keys = append(n.keys, key)
	}
	if len(path) == 1 {
		delete(n.children, key)
		n.raw[key] = raw
		return
	}
	if isRaw {
		return
	}
	child := n.children[key]
	if child == nil {
		child = &node{}
		n.children[key] = child
	}
	child.insert(path[1:], raw)
}

func (n *node) appendJSON(dst []byte) []byte {
	dst = append(dst, '{')
	for i, k := range n.keys {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, k)
		dst = append(dst, ':')
		if raw, ok := n.raw[k]; ok {
			dst = append(dst, raw...)
		} else {
			dst = n.children[k].appendJSON(dst)
		}
	}
	return append(dst, '}')
}

// encodeEntries writes [[path, value], ...].
func encodeEntries(es []entry) []byte {
	out := []byte{'['}
	for i, e := range es {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, '[', '[')
		for j, k := range e.path {
			if j > 0 {
				out = append(out, ',')
			}
			out = appendString(out, k)
		}
		out = append(out, ']', ',')
		out = append(out, e.raw...)
		out = append(out, ']')
	}
	return append(out, ']')
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c < 0x20:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		case c < utf8.RuneSelf:
			dst = append(dst, c)
		default:
			_, n := utf8.DecodeRuneInString(s[i:])
			dst = append(dst, s[i:i+n]...)
			i += n
			continue
		}
		i++
	}
	return append(dst, '"')
}
