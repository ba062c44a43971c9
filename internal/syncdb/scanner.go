package syncdb

import (
	"encoding/binary"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// maxDepth bounds nesting, so hostile input cannot exhaust the stack.
const maxDepth = 256

// scanner is a strict JSON tokenizer over an input it may alias: strings
// without escapes are returned as views of the input, so the input must not
// change while any decoded value is alive (Decode copies it once).
type scanner struct {
	data []byte
	pos  int
	err  error
	// bad is set when a string scanned since the last reset holds a
	// character PostgreSQL cannot store in text or jsonb (NUL, or a lone
	// UTF-16 surrogate).
	bad bool
}

func (s *scanner) fail(format string, args ...any) {
	if s.err == nil {
		s.err = fmt.Errorf("syncdb: invalid JSON at byte %d: %s", s.pos, fmt.Sprintf(format, args...))
	}
	s.pos = len(s.data)
}

// peek skips white space and returns the next byte, or 0 at the end.
func (s *scanner) peek() byte {
	for s.pos < len(s.data) {
		switch c := s.data[s.pos]; c {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return c
		}
	}
	return 0
}

// expect consumes byte c after white space.
func (s *scanner) expect(c byte) bool {
	if s.peek() != c {
		if s.err == nil {
			s.fail("want %q", c)
		}
		return false
	}
	s.pos++
	return true
}

// literal consumes "true", "false" or "null" at the current position.
func (s *scanner) literal(word string) bool {
	if len(s.data)-s.pos < len(word) || string(s.data[s.pos:s.pos+len(word)]) != word {
		s.fail("bad literal")
		return false
	}
	s.pos += len(word)
	return true
}

// str reads a string at the current position (after peek returned '"').
// Without escapes the result views the input.
func (s *scanner) str() string {
	s.pos++
	start := s.pos
	s.pos += plainRun(s.data[start:])
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		switch {
		case c == '"':
			v := s.data[start:s.pos]
			s.pos++
			return unsafe.String(unsafe.SliceData(v), len(v))
		case c == '\\':
			return s.escaped(start)
		case c < 0x20:
			s.fail("control character in string")
			return ""
		case c >= utf8.RuneSelf:
			s.utf8()
		default:
			s.pos++
		}
	}
	s.fail("unterminated string")
	return ""
}

// utf8 consumes one multi-byte UTF-8 sequence, failing on invalid bytes.
func (s *scanner) utf8() {
	r, n := utf8.DecodeRune(s.data[s.pos:])
	if r == utf8.RuneError && n <= 1 {
		s.fail("invalid UTF-8")
		return
	}
	s.pos += n
}

// escaped finishes a string that has escapes, building a new value.
func (s *scanner) escaped(start int) string {
	buf := make([]byte, 0, s.pos-start+16)
	buf = append(buf, s.data[start:s.pos]...)
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		switch {
		case c == '"':
			s.pos++
			return string(buf)
		case c == '\\':
			buf = s.escape(buf)
		case c < 0x20:
			s.fail("control character in string")
			return ""
		case c >= utf8.RuneSelf:
			p := s.pos
			s.utf8()
			buf = append(buf, s.data[p:s.pos]...)
		default:
			buf = append(buf, c)
			s.pos++
		}
	}
	s.fail("unterminated string")
	return ""
}

// simpleEscapes maps the byte after a backslash to what it stands for.
var simpleEscapes = [256]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// escape decodes one escape sequence at the backslash.
func (s *scanner) escape(buf []byte) []byte {
	if s.pos+1 >= len(s.data) {
		s.fail("unterminated escape")
		return buf
	}
	c := s.data[s.pos+1]
	if c != 'u' {
		if simpleEscapes[c] == 0 {
			s.fail("bad escape")
			return buf
		}
		s.pos += 2
		return append(buf, simpleEscapes[c])
	}
	r := s.hex4(s.pos + 2)
	s.pos += 6
	if utf16.IsSurrogate(r) {
		r2 := rune(-1)
		if s.pos+1 < len(s.data) && s.data[s.pos] == '\\' && s.data[s.pos+1] == 'u' {
			r2 = s.hex4(s.pos + 2)
		}
		if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
			s.pos += 6
			return utf8.AppendRune(buf, dec)
		}
		s.bad = true
		return utf8.AppendRune(buf, utf8.RuneError)
	}
	if r == 0 {
		s.bad = true
	}
	return utf8.AppendRune(buf, r)
}

// hex4 parses four hex digits at i.
func (s *scanner) hex4(i int) rune {
	if i+4 > len(s.data) {
		s.fail("short \\u escape")
		return 0
	}
	var r rune
	for _, c := range s.data[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			r = r<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			s.fail("bad \\u escape")
			return 0
		}
	}
	return r
}

// number reads a JSON number and returns its text.
func (s *scanner) number() []byte {
	start := s.pos
	if s.pos < len(s.data) && s.data[s.pos] == '-' {
		s.pos++
	}
	switch {
	case s.pos < len(s.data) && s.data[s.pos] == '0':
		s.pos++
	case s.digits() == 0:
		s.fail("bad number")
		return nil
	}
	if s.pos < len(s.data) && s.data[s.pos] == '.' {
		s.pos++
		if s.digits() == 0 {
			s.fail("bad fraction")
			return nil
		}
	}
	if s.pos < len(s.data) && (s.data[s.pos] == 'e' || s.data[s.pos] == 'E') {
		s.pos++
		if s.pos < len(s.data) && (s.data[s.pos] == '+' || s.data[s.pos] == '-') {
			s.pos++
		}
		if s.digits() == 0 {
			s.fail("bad exponent")
			return nil
		}
	}
	return s.data[start:s.pos]
}

func (s *scanner) digits() int {
	start := s.pos
	for s.pos < len(s.data) && '0' <= s.data[s.pos] && s.data[s.pos] <= '9' {
		s.pos++
	}
	return s.pos - start
}

// objectType scans the top-level keys of the object at the current position
// for "object" and returns its string value without moving the position.
func (s *scanner) objectType() string {
	start := s.pos
	defer func() { s.pos = start }()
	if !s.expect('{') {
		return ""
	}
	for s.err == nil && s.peek() == '"' {
		key := s.str()
		if !s.expect(':') {
			return ""
		}
		if key == "object" && s.peek() == '"' {
			return s.str()
		}
		s.skip()
		if s.peek() != ',' {
			return ""
		}
		s.pos++
	}
	return ""
}

// Masks for plainRun's test of eight bytes at once.
const (
	lows  = 0x0101010101010101
	highs = 0x8080808080808080
)

// plainRun returns the length of p's prefix, in whole 8-byte words, holding
// only printable ASCII other than '"' and '\\': bytes the string scanner
// would pass over one by one.
func plainRun(p []byte) int {
	n := 0
	for len(p)-n >= 8 {
		w := binary.LittleEndian.Uint64(p[n:])
		quote := w ^ ('"' * lows)
		slash := w ^ ('\\' * lows)
		// A byte is zero in quote or slash, below 0x20, or at or above 0x80.
		special := (quote-lows)&^quote | (slash-lows)&^slash | (w - 0x20*lows) | w
		if special&highs != 0 {
			break
		}
		n += 8
	}
	return n
}
