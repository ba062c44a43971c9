package syncdb

import (
	"bytes"
	"fmt"
)

// Decoder reads Stripe JSON objects for the generated row decoders. The
// generated code loops over an object's keys with Next and Key and reads
// each value with one typed method; every value the model has no place for
// lands in the row's _extra, so nothing is lost. A Decoder is not safe for
// concurrent use; reuse one per goroutine to save allocations.
type Decoder struct {
	s scanner
	// path holds the keys from the outermost object to the current value;
	// badKey marks keys PostgreSQL cannot store.
	path   []string
	badKey []bool
	// first marks, per open object, that no key has been read yet.
	first []bool
	cur   *objectState
	err   error
}

// objectState is what the decoder collects for the object being decoded.
type objectState struct {
	start   int
	base    int
	id      string
	deleted bool
	extra   []entry
	bad     []entry
	lists   []*ListRows
	urls    []pendingURL
	meta    *Meta
}

// entry is a value kept in _extra, at a path relative to its object.
type entry struct {
	path []string
	raw  []byte
}

// Decode decodes one object of this table.
func (t *Table) Decode(raw []byte, m Meta) (*Object, error) {
	var d Decoder
	return d.Decode(raw, t, m)
}

// Decode decodes one object, choosing its table by its "object" field.
func (r *Registry) Decode(raw []byte, m Meta) (*Object, error) {
	var d Decoder
	return d.DecodeAny(raw, r, m)
}

// Decode decodes one object of table t. raw is copied, and decoded strings
// share that copy.
func (d *Decoder) Decode(raw []byte, t *Table, m Meta) (*Object, error) {
	d.reset(bytes.Clone(raw))
	obj := d.object(t, &m)
	if d.s.err == nil && d.s.peek() != 0 {
		d.s.fail("data after the object")
	}
	if err := d.error(); err != nil {
		return nil, fmt.Errorf("syncdb: table %q: %w", t.Name, err)
	}
	if obj.ID == "" && t.needsID() {
		return nil, fmt.Errorf("syncdb: table %q: object has no id", t.Name)
	}
	return obj, nil
}

// DecodeAny decodes one object of the registry, choosing its table by its
// "object" field.
func (d *Decoder) DecodeAny(raw []byte, r *Registry, m Meta) (*Object, error) {
	typ, err := ObjectType(raw)
	if err != nil {
		return nil, err
	}
	t := r.ForObject(typ)
	if t == nil {
		return nil, fmt.Errorf("syncdb: no table for object type %q", typ)
	}
	return d.Decode(raw, t, m)
}

// ObjectType returns the "object" field of a JSON object.
func ObjectType(raw []byte) (string, error) {
	s := scanner{data: raw}
	typ := s.objectType()
	if s.err != nil {
		return "", s.err
	}
	if typ == "" {
		return "", fmt.Errorf("syncdb: object has no \"object\" field")
	}
	return typ, nil
}

func (d *Decoder) reset(data []byte) {
	d.s = scanner{data: data}
	d.path, d.badKey, d.first = d.path[:0], d.badKey[:0], d.first[:0]
	d.cur, d.err = nil, nil
}

func (d *Decoder) error() error {
	if d.s.err != nil {
		return d.s.err
	}
	return d.err
}

// needsID reports whether rows of the table are keyed by the object's id.
func (t *Table) needsID() bool {
	for _, k := range t.PrimaryKey {
		if k == "id" {
			return true
		}
	}
	return false
}

// object decodes the object at the current position with t's codec.
func (d *Decoder) object(t *Table, m *Meta) *Object {
	if d.s.peek() != '{' {
		d.s.fail("want an object")
		return &Object{Table: t}
	}
	saved := d.cur
	st := &objectState{start: d.s.pos, base: len(d.path), meta: m}
	d.cur = st
	d.open()
	row := t.Codec.Decode(d, t, m)
	d.cur = saved
	obj := &Object{Table: t, ID: st.id, Row: row, Deleted: st.deleted, Meta: *m, Lists: st.lists}
	if obj.Deleted {
		obj.Row, obj.Lists = nil, nil
	}
	for _, l := range obj.Lists {
		l.ParentID = obj.ID
		for _, item := range l.Items {
			item.Meta.ParentID = obj.ID
			if item.Row != nil {
				item.Row.SetParent(obj.ID)
			}
		}
	}
	return obj
}

// open consumes '{' and starts a new object level.
func (d *Decoder) open() {
	d.s.pos++
	d.first = append(d.first, true)
	d.path = append(d.path, "")
	d.badKey = append(d.badKey, false)
}

// Next moves to the next key of the current object and reports whether
// there is one; at the object's end it closes it and returns false.
func (d *Decoder) Next() bool {
	s := &d.s
	if s.err != nil || len(d.first) == 0 {
		return false
	}
	top := len(d.first) - 1
	c := s.peek()
	if c == '}' {
		s.pos++
		d.first = d.first[:top]
		d.path = d.path[:len(d.path)-1]
		d.badKey = d.badKey[:len(d.badKey)-1]
		return false
	}
	if !d.first[top] {
		if c != ',' {
			s.fail("want ',' or '}'")
			return false
		}
		s.pos++
		c = s.peek()
	}
	d.first[top] = false
	if c != '"' {
		s.fail("want object key")
		return false
	}
	s.bad = false
	key := s.str()
	d.path[len(d.path)-1] = key
	d.badKey[len(d.badKey)-1] = s.bad
	return s.expect(':')
}

// Key returns the current key. The string is only valid until the next call
// to Next; compare it, don't keep it.
func (d *Decoder) Key() string { return d.path[len(d.path)-1] }

// Enter enters the current value when it is an object, so the caller can
// loop over its keys with Next. A null is consumed and Enter returns false;
// any other value goes to _extra.
func (d *Decoder) Enter() bool {
	switch d.s.peek() {
	case '{':
		if len(d.first) >= maxDepth {
			d.s.fail("nesting deeper than %d", maxDepth)
			return false
		}
		d.open()
		return true
	case 'n':
		d.s.literal("null")
		return false
	}
	d.Unknown()
	return false
}
