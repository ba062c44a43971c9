package synctest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"reflect"
	"sort"

	"github.com/stripesync/stripesync/internal/syncdb"
)

// jsonDiff compares a rebuilt row with the fake's object after dropping
// nulls, empty objects and the table's nested lists (their items are rows
// of other tables, compared there), and lists the differing paths.
func jsonDiff(t *syncdb.Table, rebuilt, fake []byte) []string {
	a, b := normalize(rebuilt), normalize(fake)
	for _, nl := range t.NestedLists {
		delete(a, nl.Field)
		delete(b, nl.Field)
	}
	return diffValues("", prune(a), prune(b))
}

func normalize(raw []byte) map[string]any {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil || m == nil {
		return map[string]any{}
	}
	return m
}

// prune drops nulls and objects left empty.
func prune(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if p := prune(e); p == nil {
				delete(x, k)
			} else {
				x[k] = p
			}
		}
		if len(x) == 0 {
			return nil
		}
		return x
	case []any:
		for i, e := range x {
			if p := prune(e); p != nil {
				x[i] = p
			} else {
				x[i] = map[string]any{}
			}
		}
	}
	return v
}

// diffValues lists the paths where two normalized values differ.
func diffValues(path string, a, b any) []string {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			break
		}
		var out []string
		for _, k := range unionKeys(x, y) {
			out = append(out, diffValues(path+"."+k, x[k], y[k])...)
		}
		return out
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			break
		}
		var out []string
		for i := range x {
			out = append(out, diffValues(fmt.Sprintf("%s[%d]", path, i), x[i], y[i])...)
		}
		return out
	case json.Number:
		if y, ok := b.(json.Number); ok && sameNumber(x, y) {
			return nil
		}
	}
	if reflect.DeepEqual(a, b) {
		return nil
	}
	return []string{fmt.Sprintf("%s: db %s, fake %s", path, short(a), short(b))}
}

func sameNumber(a, b json.Number) bool {
	x, ok1 := new(big.Rat).SetString(string(a))
	y, ok2 := new(big.Rat).SetString(string(b))
	return ok1 && ok2 && x.Cmp(y) == 0
}

func unionKeys(a, b map[string]any) []string {
	seen := map[string]bool{}
	for k := range a {
		seen[k] = true
	}
	for k := range b {
		seen[k] = true
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func short(v any) string {
	if v == nil {
		return "absent"
	}
	b, _ := json.Marshal(v)
	if len(b) > 80 {
		return string(b[:80]) + "..."
	}
	return string(b)
}
