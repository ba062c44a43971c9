package stripetest

import (
	"encoding/json"
	"strconv"
)

// object is one stored Stripe object: its kind's template plus overrides.
type object struct {
	kind    *kind
	id      string
	created int64
	tie     string
	// fields override template values, as JSON.
	fields map[string]json.RawMessage
	// parent is the structural parent when the child has no field for it.
	parent *object
	// deleted objects are out of every list; stub says retrieve answers the
	// deleted stub, otherwise 404.
	deleted   bool
	stub      bool
	deletedAt int64
}

func (o *object) sortKey() key { return key{created: o.created, tie: o.tie} }

// raw returns a field's JSON value, overridden or from the template.
func (o *object) raw(field string) json.RawMessage {
	if v, ok := o.fields[field]; ok {
		return v
	}
	return o.kind.tmpl[field]
}

// has reports whether the object has the field at all.
func (o *object) has(field string) bool {
	if _, ok := o.fields[field]; ok {
		return true
	}
	_, ok := o.kind.tmpl[field]
	return ok
}

// ref returns the id a reference field holds ("" when null or absent).
func (o *object) ref(field string) string {
	return refID(o.raw(field))
}

// set overrides a field with a Go value encoded as JSON.
func (o *object) set(field string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	o.fields[field] = raw
	return nil
}

// setString overrides a field with a string, without reflection.
func (o *object) setString(field, v string) {
	o.fields[field] = json.RawMessage(strconv.Quote(v))
}

// setInt overrides a field with an integer, without reflection.
func (o *object) setInt(field string, v int64) {
	o.fields[field] = json.RawMessage(strconv.FormatInt(v, 10))
}

// equals reports whether a field's value matches a query string: a string
// (or expanded object id) equal to v, or a literal such as true or 42.
func (o *object) equals(field, v string) bool {
	raw := o.raw(field)
	if string(raw) == v {
		return true
	}
	return refID(raw) == v
}

// scopeValue returns the parent id under which the object appears in a
// scoped group, or "" when it has none.
func (o *object) scopeValue(g *listGroup) string {
	if g.field != "" {
		return o.ref(g.field)
	}
	if o.parent != nil && o.parent.kind == g.parent {
		return o.parent.id
	}
	return ""
}
