package stripeclient

import (
	"encoding/json"
	"fmt"
	"strings"
)

// splitList reads a list envelope in one pass, without encoding/json's
// validating scan and per-item copies; items are sub-slices of b. It checks
// structure, not every token: damage that breaks structure (a truncated
// body) is errBadJSON, retried; a malformed token inside an item is left
// to the item's decoder. A body that is not a list envelope is
// errWrongShape.
func splitList(b []byte) (listBody, error) {
	var out listBody
	s := &scanner{b: b}
	err := s.object(func(key []byte) error { return out.field(s, key) })
	if err == nil {
		if s.ws(); s.i != len(b) {
			err = s.fail("data after the envelope")
		}
	}
	if err == nil && out.Object != "list" {
		err = fmt.Errorf("%w: object %q is not a list", errWrongShape, out.Object)
	}
	return out, err
}

// field reads the value of one envelope key. Keys match as encoding/json
// matches them: unescaped, case-insensitively, the last repeat winning.
func (l *listBody) field(s *scanner, rawKey []byte) error {
	var key string
	if err := json.Unmarshal(rawKey, &key); err != nil {
		return fmt.Errorf("%w: %v", errBadJSON, err)
	}
	switch {
	case strings.EqualFold(key, "data"):
		return l.data(s)
	case strings.EqualFold(key, "has_more"):
		return s.boolInto(&l.HasMore)
	case strings.EqualFold(key, "object"):
		return s.stringInto(&l.Object)
	case strings.EqualFold(key, "url"):
		return s.stringInto(&l.URL)
	}
	_, err := s.value()
	return err
}

// data reads the items array (null for none).
func (l *listBody) data(s *scanner) error {
	l.Data = nil
	if s.peek() == 'n' {
		_, err := s.value()
		return err
	}
	return s.array(func(item []byte) { l.Data = append(l.Data, item) })
}

// scanner walks JSON finding value boundaries: strings, brackets and
// separators, not the inside of literals.
type scanner struct {
	b []byte
	i int
}

func (s *scanner) fail(what string) error {
	return fmt.Errorf("%w: %s at byte %d", errBadJSON, what, s.i)
}

// ws skips whitespace.
func (s *scanner) ws() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\n' || s.b[s.i] == '\r' || s.b[s.i] == '\t') {
		s.i++
	}
}

// peek returns the next non-space byte (0 at the end).
func (s *scanner) peek() byte {
	if s.ws(); s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

// object reads {"key": value, ...}, calling field after each key's colon;
// field must consume the value. A non-object is errWrongShape.
func (s *scanner) object(field func(key []byte) error) error {
	if c := s.peek(); c != '{' {
		return s.shapeOrEnd("an object", c)
	}
	s.i++
	if s.peek() == '}' {
		s.i++
		return nil
	}
	for {
		key, err := s.str()
		if err != nil {
			return err
		}
		if s.peek() != ':' {
			return s.fail("missing colon")
		}
		s.i++
		if err := field(key); err != nil {
			return err
		}
		if done, err := s.next('}'); done || err != nil {
			return err
		}
	}
}

// array reads [value, ...], calling item with each value's bytes.
func (s *scanner) array(item func([]byte)) error {
	if c := s.peek(); c != '[' {
		return s.shapeOrEnd("an array", c)
	}
	s.i++
	if s.peek() == ']' {
		s.i++
		return nil
	}
	for {
		v, err := s.value()
		if err != nil {
			return err
		}
		item(v)
		if done, err := s.next(']'); done || err != nil {
			return err
		}
	}
}

// next consumes a comma (false) or the closing byte (true).
func (s *scanner) next(closing byte) (bool, error) {
	switch s.peek() {
	case ',':
		s.i++
		if s.peek() == closing {
			return false, s.fail("trailing comma")
		}
		return false, nil
	case closing:
		s.i++
		return true, nil
	}
	return false, s.fail("missing comma")
}

// shapeOrEnd is the error for a value of the wrong kind, or for the end.
func (s *scanner) shapeOrEnd(want string, c byte) error {
	if c == 0 {
		return s.fail("unexpected end")
	}
	return fmt.Errorf("%w: want %s at byte %d", errWrongShape, want, s.i)
}

// value returns the bytes of the next value.
func (s *scanner) value() ([]byte, error) {
	switch c := s.peek(); c {
	case 0:
		return nil, s.fail("unexpected end")
	case '"':
		return s.str()
	case '{', '[':
		return s.compound()
	}
	start := s.i
	for s.i < len(s.b) && strings.IndexByte(",}] \t\r\n", s.b[s.i]) < 0 {
		s.i++
	}
	return s.b[start:s.i], nil
}

// str returns a string token, quotes included.
func (s *scanner) str() ([]byte, error) {
	if s.peek() != '"' {
		return nil, s.fail("want a string")
	}
	start := s.i
	for s.i++; s.i < len(s.b); s.i++ {
		switch s.b[s.i] {
		case '\\':
			s.i++
		case '"':
			s.i++
			return s.b[start:s.i], nil
		}
	}
	return nil, s.fail("unterminated string")
}

// compound returns an object or array token by bracket depth.
func (s *scanner) compound() ([]byte, error) {
	start, depth := s.i, 0
	for ; s.i < len(s.b); s.i++ {
		switch s.b[s.i] {
		case '"':
			if _, err := s.str(); err != nil {
				return nil, err
			}
			s.i-- // the loop steps past the closing quote
		case '{', '[':
			depth++
		case '}', ']':
			if depth--; depth == 0 {
				s.i++
				return s.b[start:s.i], nil
			}
		}
	}
	return nil, s.fail("unterminated value")
}

// boolInto reads true, false or null (no change) into dst.
func (s *scanner) boolInto(dst *bool) error {
	v, err := s.value()
	switch string(v) {
	case "true", "false":
		*dst = string(v) == "true"
	case "null":
	default:
		if err == nil {
			err = fmt.Errorf("%w: has_more is %.20s", errWrongShape, v)
		}
	}
	return err
}

// stringInto decodes a string value (or null) into dst.
func (s *scanner) stringInto(dst *string) error {
	v, err := s.value()
	if err != nil {
		return err
	}
	if string(v) == "null" {
		return nil
	}
	if err := json.Unmarshal(v, dst); err != nil {
		return fmt.Errorf("%w: %v", errWrongShape, err)
	}
	return nil
}
