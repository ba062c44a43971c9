package syncdb

// Decoder reads one Stripe JSON object for the generated row decoders.
type Decoder struct {
	s scanner
}

type scanner struct {
	data []byte
	pos  int
	err  error
}

// Decode decodes one object of this table.
func (t *Table) Decode(raw []byte, m Meta) (*Object, error) {
	d := &Decoder{}
	return d.decodeTop(raw, t, m)
}

// Decode decodes one object, choosing its table by its "object" field.
func (r *Registry) Decode(raw []byte, m Meta) (*Object, error) {
	d := &Decoder{}
	return d.decodeRouted(raw, r, m)
}

func (d *Decoder) decodeTop(raw []byte, t *Table, m Meta) (*Object, error) {
	return nil, errNotYet
}

func (d *Decoder) decodeRouted(raw []byte, r *Registry, m Meta) (*Object, error) {
	return nil, errNotYet
}
