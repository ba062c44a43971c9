package syncdb

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5/pgtype"
)

type pgtypeBool = pgtype.Bool

// columnValue returns the scan target of the named column, or nil.
func columnValue(t *Table, cols []any, name string) any {
	for i, c := range t.Columns {
		if c.Name == name {
			return cols[i]
		}
	}
	return nil
}

// extraOf returns the row's _extra JSON.
func extraOf(t *Table, cols []any) json.RawMessage {
	for i, c := range t.Columns {
		if c.Type == "jsonb" && c.Name == "_extra" {
			if p, ok := cols[i].(*json.RawMessage); ok {
				return *p
			}
		}
	}
	return nil
}

// mergeExtra lays _extra over a rebuilt object: its values win, objects
// merge key by key, and the values PostgreSQL could not store come back.
func mergeExtra(obj map[string]any, extra json.RawMessage) error {
	if len(extra) == 0 {
		return nil
	}
	var m map[string]any
	if err := decodeJSON(extra, &m); err != nil {
		return fmt.Errorf("_extra: %w", err)
	}
	bad, _ := m[UnstorableKey].(string)
	delete(m, UnstorableKey)
	mergeInto(obj, m)
	if bad == "" {
		return nil
	}
	var entries [][2]json.RawMessage
	if err := decodeJSON([]byte(bad), &entries); err != nil {
		return fmt.Errorf("_extra %s: %w", UnstorableKey, err)
	}
	for _, e := range entries {
		var path []string
		var v any
		if err := decodeJSON(e[0], &path); err != nil || len(path) == 0 {
			return fmt.Errorf("_extra %s: bad path", UnstorableKey)
		}
		if err := decodeJSON(e[1], &v); err != nil {
			return err
		}
		enc := Encoder{root: obj}
		enc.Set(path, v)
	}
	return nil
}

func mergeInto(dst, src map[string]any) {
	for k, v := range src {
		sub, ok := v.(map[string]any)
		have, isObj := dst[k].(map[string]any)
		if ok && isObj {
			mergeInto(have, sub)
			continue
		}
		dst[k] = v
	}
}

// decodeJSON decodes with numbers kept as json.Number.
func decodeJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return dec.Decode(v)
}
