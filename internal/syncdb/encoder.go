package syncdb

import (
	"encoding/json"
	"strconv"

	"github.com/jackc/pgx/v5/pgtype"
)

// Encoder rebuilds Stripe JSON from a row: the generated Encode methods put
// each non-null column back at its path. NULL columns are left out, so a
// rebuilt object equals the original up to null-versus-absent.
type Encoder struct {
	root   map[string]any
	consts []constant
}

type constant struct {
	path  []string
	value string
}

// NewEncoder returns an empty encoder.
func NewEncoder() *Encoder { return &Encoder{root: map[string]any{}} }

// Object returns the rebuilt object. Constants of nested objects are added
// only where the nested object has other fields.
func (e *Encoder) Object() map[string]any {
	for _, c := range e.consts {
		parent := e.root
		if len(c.path) > 1 {
			parent = lookupObject(e.root, c.path[:len(c.path)-1])
		}
		if parent != nil {
			parent[c.path[len(c.path)-1]] = c.value
		}
	}
	e.consts = nil
	return e.root
}

// Set puts a value at a path, creating the objects above it.
func (e *Encoder) Set(path []string, v any) {
	m := e.root
	for _, k := range path[:len(path)-1] {
		next, ok := m[k].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[k] = next
		}
		m = next
	}
	m[path[len(path)-1]] = v
}

// String puts a string.
func (e *Encoder) String(path []string, v string) { e.Set(path, v) }

// Text puts a nullable string.
func (e *Encoder) Text(path []string, v pgtype.Text) {
	if v.Valid {
		e.Set(path, v.String)
	}
}

// Int8 puts a nullable integer.
func (e *Encoder) Int8(path []string, v pgtype.Int8) {
	if v.Valid {
		e.Set(path, json.Number(strconv.FormatInt(v.Int64, 10)))
	}
}

// Bool puts a nullable boolean.
func (e *Encoder) Bool(path []string, v pgtype.Bool) {
	if v.Valid {
		e.Set(path, v.Bool)
	}
}

// Timestamp puts a nullable timestamp as unix seconds.
func (e *Encoder) Timestamp(path []string, v pgtype.Timestamptz) {
	if v.Valid {
		e.Set(path, json.Number(strconv.FormatInt(v.Time.Unix(), 10)))
	}
}

// Decimal puts a nullable numeric as a decimal string.
func (e *Encoder) Decimal(path []string, v pgtype.Numeric) {
	if text, ok := numericText(v); ok {
		e.Set(path, text)
	}
}

// Number puts a nullable numeric as a JSON number.
func (e *Encoder) Number(path []string, v pgtype.Numeric) {
	if text, ok := numericText(v); ok {
		e.Set(path, json.Number(text))
	}
}

// Texts puts a nullable array of strings.
func (e *Encoder) Texts(path []string, v []string) {
	if v != nil {
		e.Set(path, v)
	}
}

// JSON puts a nullable JSON value.
func (e *Encoder) JSON(path []string, v json.RawMessage) {
	if v != nil {
		e.Set(path, v)
	}
}

// Const puts a field with one possible value.
func (e *Encoder) Const(path []string, v string) {
	e.consts = append(e.consts, constant{path: path, value: v})
}

func numericText(v pgtype.Numeric) (string, bool) {
	if !v.Valid {
		return "", false
	}
	b, err := v.MarshalJSON()
	if err != nil {
		return "", false
	}
	return string(b), true
}

func lookupObject(m map[string]any, path []string) map[string]any {
	for _, k := range path {
		next, ok := m[k].(map[string]any)
		if !ok {
			return nil
		}
		m = next
	}
	return m
}
