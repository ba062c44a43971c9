package syncdb

// skip consumes one value, checking it, and returns its text. Strings in it
// that PostgreSQL cannot store set s.bad.
func (s *scanner) skip() []byte {
	c := s.peek()
	start := s.pos
	s.skipValue(c, 0)
	if s.err != nil {
		return nil
	}
	return s.data[start:s.pos]
}

func (s *scanner) skipValue(c byte, depth int) {
	if depth > maxDepth {
		s.fail("nesting deeper than %d", maxDepth)
		return
	}
	switch c {
	case '{':
		s.skipObject(depth)
	case '[':
		s.skipArray(depth)
	case '"':
		s.skipString()
	case 't':
		s.literal("true")
	case 'f':
		s.literal("false")
	case 'n':
		s.literal("null")
	default:
		if c == '-' || '0' <= c && c <= '9' {
			s.number()
			return
		}
		s.fail("unexpected %q", c)
	}
}

func (s *scanner) skipObject(depth int) {
	s.pos++
	if s.peek() == '}' {
		s.pos++
		return
	}
	for s.err == nil {
		if s.peek() != '"' {
			s.fail("want object key")
			return
		}
		s.skipString()
		if !s.expect(':') {
			return
		}
		s.skipValue(s.peek(), depth+1)
		switch s.peek() {
		case ',':
			s.pos++
		case '}':
			s.pos++
			return
		default:
			s.fail("want ',' or '}'")
		}
	}
}

func (s *scanner) skipArray(depth int) {
	s.pos++
	if s.peek() == ']' {
		s.pos++
		return
	}
	for s.err == nil {
		s.skipValue(s.peek(), depth+1)
		switch s.peek() {
		case ',':
			s.pos++
		case ']':
			s.pos++
			return
		default:
			s.fail("want ',' or ']'")
		}
	}
}

// skipString checks a string without building it.
func (s *scanner) skipString() {
	s.pos++
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		switch {
		case c == '"':
			s.pos++
			return
		case c == '\\':
			s.skipEscape()
		case c < 0x20:
			s.fail("control character in string")
			return
		case c >= 0x80:
			s.utf8()
		default:
			s.pos++
		}
	}
	s.fail("unterminated string")
}

// skipEscape checks one escape; \u0000 and lone surrogates set s.bad.
func (s *scanner) skipEscape() {
	s.escape(nil)
}
