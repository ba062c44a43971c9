package syncdb

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

// Each reader below consumes the current value. A null gives an invalid
// (NULL) result; a value of another shape than the column's goes to _extra
// whole, so the column is NULL and the value is kept.

// Text reads a string.
func (d *Decoder) Text() pgtype.Text {
	s := &d.s
	switch s.peek() {
	case '"':
		start := s.pos
		s.bad = false
		v := s.str()
		if s.bad {
			d.keep(s.data[start:s.pos], true)
			return pgtype.Text{}
		}
		return pgtype.Text{String: v, Valid: s.err == nil}
	case 'n':
		s.literal("null")
		return pgtype.Text{}
	}
	d.Unknown()
	return pgtype.Text{}
}

// ID reads the object's id, which must be a string.
func (d *Decoder) ID() string {
	v := d.Text()
	if !v.Valid {
		if d.err == nil && d.s.err == nil {
			d.err = fmt.Errorf("id is not a storable string")
		}
		return ""
	}
	if d.atRoot() {
		d.cur.id = v.String
	}
	return v.String
}

// IDText reads an id that is not part of the primary key (preview rows).
func (d *Decoder) IDText() pgtype.Text {
	v := d.Text()
	if v.Valid && d.atRoot() {
		d.cur.id = v.String
	}
	return v
}

// Int8 reads an integer that fits in 64 bits.
func (d *Decoder) Int8() pgtype.Int8 {
	if n, ok := d.integer(); ok {
		return pgtype.Int8{Int64: n, Valid: true}
	}
	return pgtype.Int8{}
}

// Bool reads true or false.
func (d *Decoder) Bool() pgtype.Bool {
	s := &d.s
	switch s.peek() {
	case 't':
		return pgtype.Bool{Bool: true, Valid: s.literal("true")}
	case 'f':
		return pgtype.Bool{Valid: s.literal("false")}
	case 'n':
		s.literal("null")
		return pgtype.Bool{}
	}
	d.Unknown()
	return pgtype.Bool{}
}

// Unix-time bounds of the timestamps kept in columns (years 1 to 9999).
const (
	minUnix = -62135596800
	maxUnix = 253402300799
)

// Timestamp reads unix seconds.
func (d *Decoder) Timestamp() pgtype.Timestamptz {
	start := d.s.pos
	n, ok := d.integer()
	if !ok {
		return pgtype.Timestamptz{}
	}
	if n < minUnix || n > maxUnix {
		d.keep(d.s.data[start:d.s.pos], false)
		return pgtype.Timestamptz{}
	}
	return pgtype.Timestamptz{Time: time.Unix(n, 0).UTC(), Valid: true}
}

// integer reads an integer; ok is false for null or a value kept in _extra.
func (d *Decoder) integer() (int64, bool) {
	s := &d.s
	c := s.peek()
	if c == 'n' {
		s.literal("null")
		return 0, false
	}
	if c != '-' && (c < '0' || c > '9') {
		d.Unknown()
		return 0, false
	}
	text := s.number()
	n, ok := parseInt(text)
	if !ok && s.err == nil {
		d.keep(text, false)
	}
	return n, ok
}

// parseInt parses a JSON integer without fraction or exponent.
func parseInt(text []byte) (int64, bool) {
	neg := len(text) > 0 && text[0] == '-'
	if neg {
		text = text[1:]
	}
	if len(text) == 0 || len(text) > 19 {
		return 0, false
	}
	var n uint64
	for _, c := range text {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	switch {
	case neg && n <= 1<<63:
		return -int64(n), true
	case !neg && n < 1<<63:
		return int64(n), true
	}
	return 0, false
}

// Decimal reads a decimal string ("1.50") into numeric. Only canonical
// strings, which numeric gives back digit for digit, become numbers; others
// go to _extra.
func (d *Decoder) Decimal() pgtype.Numeric {
	s := &d.s
	if s.peek() != '"' {
		d.Text()
		return pgtype.Numeric{}
	}
	start := s.pos
	v := d.Text()
	if !v.Valid {
		return pgtype.Numeric{}
	}
	n, ok := parseDecimal(v.String)
	if !ok {
		d.keep(s.data[start:s.pos], false)
	}
	return n
}

// Number reads a JSON number into numeric, exactly.
func (d *Decoder) Number() pgtype.Numeric {
	s := &d.s
	c := s.peek()
	if c == 'n' {
		s.literal("null")
		return pgtype.Numeric{}
	}
	if c != '-' && (c < '0' || c > '9') {
		d.Unknown()
		return pgtype.Numeric{}
	}
	text := s.number()
	n, ok := parseNumber(text)
	if !ok && s.err == nil {
		d.keep(text, false)
	}
	return n
}

// JSON reads any value as JSON text for a jsonb column; null gives nil.
func (d *Decoder) JSON() json.RawMessage {
	s := &d.s
	if s.peek() == 'n' {
		s.literal("null")
		return nil
	}
	s.bad = false
	raw := s.skip()
	if s.bad {
		d.keep(raw, true)
		return nil
	}
	return raw
}

// Const reads a field with one possible value; any other value is kept.
func (d *Decoder) Const(want string) {
	s := &d.s
	if s.peek() == '"' {
		start := s.pos
		if v := s.str(); v == want {
			return
		}
		s.pos = start
	}
	d.Unknown()
}

// Unknown keeps the current value in _extra. At an object's top level,
// "deleted": true marks the object deleted instead.
func (d *Decoder) Unknown() {
	s := &d.s
	if d.atRoot() && d.Key() == "deleted" && s.peek() == 't' {
		if s.literal("true") {
			d.cur.deleted = true
		}
		return
	}
	s.bad = false
	raw := s.skip()
	if s.err == nil {
		d.keep(raw, s.bad)
	}
}

// atRoot reports whether the current key belongs to the object being decoded
// rather than to a nested object.
func (d *Decoder) atRoot() bool {
	return d.cur != nil && len(d.path) == d.cur.base+1
}

// keep records a value at the current path in _extra, or among the values
// PostgreSQL cannot store when bad (or when a key on the path is bad).
func (d *Decoder) keep(raw []byte, bad bool) {
	st := d.cur
	path := append([]string(nil), d.path[st.base:]...)
	for _, b := range d.badKey[st.base:] {
		bad = bad || b
	}
	if bad {
		st.bad = append(st.bad, entry{path: path, raw: raw})
		return
	}
	st.extra = append(st.extra, entry{path: path, raw: raw})
}
