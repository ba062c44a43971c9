package upgradetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"testing"

	"github.com/stripesync/stripesync/openapi"
)

// rerenderFixtures returns the new version's fixtures3.json with the old
// version's data: the fake Stripe it seeds holds the same account as a fake
// seeded (with the same seed) from the old fixtures, rendered at the new API
// version.
//
// stripetest builds every object from its resource's fixture plus
// seed-determined overrides (id, created, references), so two fakes with the
// same seed hold the same objects; only the templates differ. Between two
// stripe-mock releases the fixtures differ in two ways: the shape changed
// (a field added or removed by the new version: what an upgrade must
// handle) and example values were refreshed (a card's exp_year 2025 became
// 2030; a field both specs have shows up only in the newer fixture). A real
// account's data does not change with the API version it is read at, so
// the merge keeps the old value wherever the field exists in both versions
// and takes the new version's shape from the specs:
//
//   - a field in both fixtures: merged recursively, scalars keep the old
//     value (the new one when the JSON type changed, e.g. an id that became
//     an object);
//   - a field only in the new fixture: kept when the old spec does not have
//     it (added by the new version), dropped when it does (the old fixture
//     merely left it out);
//   - a field only in the old fixture: kept (old value) when the new spec
//     still has it, dropped when it does not (removed by the new version);
//   - arrays of equal length merge element by element; otherwise the new
//     fixture's array is kept.
//
// Resources without an old fixture keep the new one.
func rerenderFixtures(oldAPI, newAPI *openapi.API, oldFx, newFx []byte) ([]byte, error) {
	var oldDoc, newDoc struct {
		Resources map[string]json.RawMessage `json:"resources"`
	}
	if err := json.Unmarshal(oldFx, &oldDoc); err != nil {
		return nil, fmt.Errorf("old fixtures: %w", err)
	}
	if err := json.Unmarshal(newFx, &newDoc); err != nil {
		return nil, fmt.Errorf("new fixtures: %w", err)
	}
	out := make(map[string]any, len(newDoc.Resources))
	for name, raw := range newDoc.Resources {
		nv, err := decode(raw)
		if err != nil {
			return nil, fmt.Errorf("new fixture %s: %w", name, err)
		}
		old, ok := oldDoc.Resources[name]
		if !ok {
			out[name] = nv
			continue
		}
		ov, err := decode(old)
		if err != nil {
			return nil, fmt.Errorf("old fixture %s: %w", name, err)
		}
		out[name] = merge(ov, nv, resourceSchema(oldAPI, name), resourceSchema(newAPI, name))
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(map[string]any{"resources": out}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// decode parses JSON keeping numbers exact.
func decode(raw []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	err := d.Decode(&v)
	return v, err
}

func resourceSchema(api *openapi.API, name string) *openapi.Schema {
	if r := api.Resource(name); r != nil {
		return r.Schema
	}
	if s := api.Schemas[name]; s != nil {
		return s
	}
	return nil
}

// merge combines the old and new value of one field (see rerenderFixtures);
// os and ns are the field's schemas in the old and new spec (nil: unknown).
func merge(ov, nv any, os, ns *openapi.Schema) any {
	switch n := nv.(type) {
	case map[string]any:
		o, ok := ov.(map[string]any)
		if !ok {
			return pick(ov, nv)
		}
		out := map[string]any{}
		for k, v := range n {
			oldV, inOld := o[k]
			switch {
			case inOld:
				out[k] = merge(oldV, v, property(os, k), property(ns, k))
			case !declares(os, k):
				out[k] = v // added by the new version
			}
		}
		for k, v := range o {
			if _, inNew := n[k]; !inNew && declares(ns, k) {
				out[k] = v // still there, left out of the new fixture
			}
		}
		return out
	case []any:
		o, ok := ov.([]any)
		if !ok || len(o) != len(n) {
			return nv
		}
		out := make([]any, len(n))
		for i := range n {
			out[i] = merge(o[i], n[i], items(os), items(ns))
		}
		return out
	default:
		return pick(ov, nv)
	}
}

// pick keeps the old scalar unless the JSON type changed (null matches
// anything).
func pick(ov, nv any) any {
	if ov == nil || nv == nil || fmt.Sprintf("%T", ov) == fmt.Sprintf("%T", nv) {
		return ov
	}
	return nv
}

// alternatives returns the object schemas a value of s may have: s itself
// and the members of its anyOf, unwrapped.
func alternatives(s *openapi.Schema) []*openapi.Schema {
	if s == nil {
		return nil
	}
	s, _ = s.Deref()
	out := []*openapi.Schema{s}
	for _, a := range s.AnyOf {
		a, _ = a.Deref()
		out = append(out, a)
	}
	return out
}

// property returns the schema of field k of an object of schema s, or nil.
func property(s *openapi.Schema, k string) *openapi.Schema {
	for _, a := range alternatives(s) {
		if p := a.Property(k); p != nil {
			return p.Schema
		}
	}
	return nil
}

// declares reports whether schema s has a field k. An unknown or free-form
// schema declares every field, so the merge keeps the old data there.
func declares(s *openapi.Schema, k string) bool {
	alts := alternatives(s)
	if len(alts) == 0 {
		return true
	}
	objects := 0
	for _, a := range alts {
		if a.Property(k) != nil {
			return true
		}
		if a.IsObject() {
			objects++
		}
	}
	return objects == 0
}

func items(s *openapi.Schema) *openapi.Schema {
	for _, a := range alternatives(s) {
		if a.Items != nil {
			return a.Items
		}
	}
	return nil
}

// TestRerenderFixtures checks the merge rules on a small pair of specs.
func TestRerenderFixtures(t *testing.T) {
	str := &openapi.Schema{Type: "string"}
	obj := func(names ...string) *openapi.Schema {
		s := &openapi.Schema{Type: "object"}
		for _, n := range names {
			s.Properties = append(s.Properties, &openapi.Property{Name: n, Schema: str})
		}
		sort.Slice(s.Properties, func(i, j int) bool { return s.Properties[i].Name < s.Properties[j].Name })
		return s
	}
	oldS := obj("id", "exp_year", "coupon", "quiet", "kept")
	newS := obj("id", "exp_year", "source", "quiet", "kept")
	got := merge(
		map[string]any{"id": "x_1", "exp_year": json.Number("2025"), "coupon": "co_1", "kept": "old"},
		map[string]any{"id": "x_1", "exp_year": json.Number("2030"), "source": "co_1", "quiet": "noise"},
		oldS, newS)
	b, _ := json.Marshal(got)
	want := `{"exp_year":2025,"id":"x_1","kept":"old","source":"co_1"}`
	if string(b) != want {
		t.Errorf("merge: %s, want %s", b, want)
	}
}
