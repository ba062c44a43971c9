package syncdb

import "github.com/jackc/pgx/v5/pgtype"

// Texts reads an array of strings into text[]; null gives nil, [] an empty
// slice. An array holding anything but strings goes to _extra whole.
func (d *Decoder) Texts() []string {
	s := &d.s
	switch s.peek() {
	case 'n':
		s.literal("null")
		return nil
	case '[':
	default:
		d.Unknown()
		return nil
	}
	start := s.pos
	out, ok := d.strings()
	if !ok && s.err == nil {
		s.pos = start
		d.Unknown()
		return nil
	}
	return out
}

// strings reads an array of storable strings; ok is false at the first
// element that is not one.
func (d *Decoder) strings() ([]string, bool) {
	s := &d.s
	s.pos++
	out := []string{}
	if s.peek() == ']' {
		s.pos++
		return out, true
	}
	for s.err == nil {
		if s.peek() != '"' {
			return nil, false
		}
		s.bad = false
		v := s.str()
		if s.bad {
			return nil, false
		}
		out = append(out, v)
		switch s.peek() {
		case ',':
			s.pos++
		case ']':
			s.pos++
			return out, true
		default:
			s.fail("want ',' or ']'")
		}
	}
	return nil, false
}

// RefTarget maps an id prefix to the object type of a reference target.
type RefTarget struct {
	// Prefix is the ids' prefix ("card_").
	Prefix string
	// Type is the target's object type ("card").
	Type string
}

// Ref reads an expandable reference: an id, or the expanded object whose id
// is taken and which is kept whole in _extra.
func (d *Decoder) Ref() pgtype.Text {
	id, _ := d.ref(nil)
	return id
}

// RefTyped reads a reference that can point at several types and returns
// its id and type: the expanded object's "object", or the type whose id
// prefix the id carries.
func (d *Decoder) RefTyped(targets []RefTarget) (id, typ pgtype.Text) {
	return d.ref(targets)
}

func (d *Decoder) ref(targets []RefTarget) (id, typ pgtype.Text) {
	s := &d.s
	if s.peek() != '{' {
		id = d.Text()
		if id.Valid {
			typ = typeByPrefix(id.String, targets)
		}
		return id, typ
	}
	s.bad = false
	raw := s.skip()
	if s.err != nil {
		return
	}
	d.keep(raw, s.bad)
	sub := scanner{data: raw}
	idv, obj := sub.idAndType()
	if sub.bad {
		return
	}
	return textOf(idv), textOf(obj)
}

// RefIDs reads an array of expandable references into the ids; when any is
// expanded, the array is also kept whole in _extra.
func (d *Decoder) RefIDs() []string {
	s := &d.s
	if s.peek() != '[' {
		return d.Texts()
	}
	start := s.pos
	if out, ok := d.strings(); ok || s.err != nil {
		return out
	}
	s.pos = start
	s.bad = false
	raw := s.skip()
	if s.err != nil {
		return nil
	}
	sub := scanner{data: raw}
	ids, ok := sub.arrayIDs()
	d.keep(raw, s.bad)
	if !ok || sub.bad {
		return nil
	}
	return ids
}

func typeByPrefix(id string, targets []RefTarget) pgtype.Text {
	best := -1
	for i, t := range targets {
		if len(t.Prefix) <= len(id) && id[:len(t.Prefix)] == t.Prefix && (best < 0 || len(t.Prefix) > len(targets[best].Prefix)) {
			best = i
		}
	}
	if best < 0 {
		return pgtype.Text{}
	}
	return pgtype.Text{String: targets[best].Type, Valid: true}
}

func textOf(s string) pgtype.Text {
	return pgtype.Text{String: s, Valid: s != ""}
}

// Text returns s as a nullable text, NULL when empty.
func Text(s string) pgtype.Text { return textOf(s) }

// idAndType returns the "id" and "object" strings of the object at the
// current position.
func (s *scanner) idAndType() (id, typ string) {
	if !s.expect('{') {
		return "", ""
	}
	for s.err == nil && s.peek() == '"' {
		key := s.str()
		if !s.expect(':') {
			break
		}
		switch {
		case (key == "id" || key == "object") && s.peek() == '"':
			v := s.str()
			if key == "id" {
				id = v
			} else {
				typ = v
			}
		default:
			s.skip()
		}
		if s.peek() != ',' {
			break
		}
		s.pos++
	}
	if !s.expect('}') {
		return "", ""
	}
	return id, typ
}

// arrayIDs reads an array of ids or objects with ids.
func (s *scanner) arrayIDs() ([]string, bool) {
	s.pos++
	out := []string{}
	for s.err == nil && s.peek() != ']' {
		switch s.peek() {
		case '"':
			out = append(out, s.str())
		case '{':
			id, _ := s.idAndType()
			if id == "" {
				return nil, false
			}
			out = append(out, id)
		default:
			return nil, false
		}
		if s.peek() == ',' {
			s.pos++
		}
	}
	return out, s.err == nil
}
