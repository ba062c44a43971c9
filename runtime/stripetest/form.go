package stripetest

import (
	"net/http"
	"strconv"
	"strings"
)

// formFields decodes a Stripe form body (metadata[k]=v, items[0][price]=...)
// into top-level fields. Top-level scalars take the JSON type of the
// fixture's value for that field (amount=100 becomes a number).
func formFields(r *http.Request, k *kind) (map[string]any, error) {
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	out := map[string]any{}
	for _, key := range sortedKeys(r.PostForm) {
		if key == "expand" || strings.HasPrefix(key, "expand[") {
			continue
		}
		v := r.PostForm.Get(key)
		path := formPath(key)
		if len(path) == 1 {
			out[path[0]] = typedScalar(k, path[0], v)
			continue
		}
		setPath(out, path, v)
	}
	return out, nil
}

// formPath splits "a[b][c]" into [a b c]; "a[]" yields [a ""].
func formPath(key string) []string {
	base, rest, _ := strings.Cut(key, "[")
	path := []string{base}
	for rest != "" {
		seg, tail, _ := strings.Cut(rest, "]")
		path = append(path, seg)
		rest = strings.TrimPrefix(tail, "[")
	}
	return path
}

// setPath stores v under path in nested maps (array indexes become keys).
func setPath(m map[string]any, path []string, v string) {
	for _, seg := range path[:len(path)-1] {
		next, ok := m[seg].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[seg] = next
		}
		m = next
	}
	m[path[len(path)-1]] = v
}

// typedScalar converts a form string to the template value's JSON type.
func typedScalar(k *kind, field, v string) any {
	raw := k.tmpl[field]
	if len(raw) == 0 {
		return v
	}
	switch {
	case raw[0] == 't' || raw[0] == 'f':
		if b, err := strconv.ParseBool(v); err == nil {
			return b
		}
	case raw[0] == '-' || (raw[0] >= '0' && raw[0] <= '9'):
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return n
		}
	case raw[0] == 'n' && v == "":
		return nil
	}
	return v
}
