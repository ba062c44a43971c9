package gen_test

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/stripe/stripe-mock/embedded"
	"github.com/stripesync/stripesync/gen/ir"
	"github.com/stripesync/stripesync/openapi"
)

// TestFixtureCoverage: for every object in the pinned fixtures3.json whose
// resource has a table, every non-null leaf maps to a column, a JSONB column,
// a child table, or (for fields the spec does not declare) _extra.
func TestFixtureCoverage(t *testing.T) {
	api, s := pinnedSchema(t)
	var fx struct {
		Resources map[string]map[string]any `json:"resources"`
	}
	if err := json.Unmarshal(embedded.OpenAPIFixtures, &fx); err != nil {
		t.Fatal(err)
	}
	tables := tablesOf(s)
	names := make([]string, 0, len(fx.Resources))
	for n := range fx.Resources {
		names = append(names, n)
	}
	sort.Strings(names)
	var noTable []string
	leaves, extras := 0, 0
	for _, name := range names {
		r := api.Resource(name)
		if len(tables[name]) == 0 || r == nil {
			noTable = append(noTable, name)
			continue
		}
		for _, tb := range tables[name] {
			c := &coverage{s: s, api: api}
			c.object(tb, r.Schema, fx.Resources[name], nil)
			leaves += c.leaves
			extras += len(c.extra)
			sort.Strings(c.extra)
			sort.Strings(c.uncovered)
			for _, p := range c.extra {
				t.Logf("%s: %s goes to _extra (not in the %s spec)", tb.Name, p, api.Version)
			}
			for _, p := range c.uncovered {
				t.Errorf("%s: fixture path %s maps to no column", tb.Name, p)
			}
		}
	}
	t.Logf("%d fixtures, %d with tables, %d leaves checked, %d to _extra; no table (not listable, no id or no events): %s",
		len(names), len(names)-len(noTable), leaves, extras, strings.Join(noTable, ", "))
}

// coverage walks one fixture object against one table.
type coverage struct {
	s         *ir.Schema
	api       *openapi.API
	leaves    int
	uncovered []string
	extra     []string
}

func (c *coverage) object(tb *ir.Table, schema *openapi.Schema, obj map[string]any, prefix []string) {
	for key, v := range obj {
		if v == nil {
			continue
		}
		if nl := nestedList(tb, key); nl != nil && len(prefix) == 0 {
			c.nested(nl, v)
			continue
		}
		c.walk(tb, schema, append(append([]string{}, prefix...), key), v)
	}
}

// nested checks the items of an embedded list against their own tables.
func (c *coverage) nested(nl *ir.NestedList, v any) {
	list, _ := v.(map[string]any)
	items, _ := list["data"].([]any)
	for _, item := range items {
		obj, _ := item.(map[string]any)
		typ, _ := obj["object"].(string)
		for i, it := range nl.ItemTypes {
			if it == typ {
				tb := c.s.Table(nl.Tables[i])
				c.object(tb, c.api.Resource(tb.Resource).Schema, obj, nil)
			}
		}
	}
}

func (c *coverage) walk(tb *ir.Table, schema *openapi.Schema, path []string, v any) {
	if col := covering(tb, path); col != "" {
		c.leaves++
		return
	}
	switch x := v.(type) {
	case map[string]any:
		// An empty object has no leaves: like null, it rebuilds from empty columns.
		for k, sub := range x {
			if sub != nil {
				c.walk(tb, schema, append(append([]string{}, path...), k), sub)
			}
		}
		return
	case []any:
		if len(x) > 0 {
			for _, sub := range x {
				if sub != nil {
					c.walk(tb, schema, append(append([]string{}, path...), "[]"), sub)
				}
			}
			return
		}
	}
	c.leaves++
	p := strings.Join(path, ".")
	if declared(schema, path) {
		c.uncovered = append(c.uncovered, p)
	} else {
		c.extra = append(c.extra, p)
	}
}

// covering names the column or constant that stores the value at path.
func covering(tb *ir.Table, path []string) string {
	for _, k := range tb.Constants {
		if equal(k.Path, path) {
			return "constant"
		}
	}
	for _, col := range tb.Columns {
		if len(col.Path) == 0 || !prefixOf(col.Path, path) {
			continue
		}
		switch col.Kind {
		case ir.ColJSON, ir.ColRefID, ir.ColRefIDs, ir.ColArray:
			return col.Name
		default:
			if len(col.Path) == len(path) {
				return col.Name
			}
		}
	}
	return ""
}

func nestedList(tb *ir.Table, key string) *ir.NestedList {
	for _, nl := range tb.NestedLists {
		if nl.Field == key {
			return nl
		}
	}
	return nil
}

// declared reports whether the spec declares the path below schema.
func declared(schema *openapi.Schema, path []string) bool {
	if len(path) == 0 {
		return true
	}
	s, _ := schema.Deref()
	if path[0] == "[]" {
		return s.Items != nil && declared(s.Items, path[1:])
	}
	if p := s.Property(path[0]); p != nil {
		return declared(p.Schema, path[1:])
	}
	if s.AdditionalProperties != nil || s.FreeForm {
		return true
	}
	for _, alt := range s.AnyOf {
		if declared(alt, path) {
			return true
		}
	}
	return false
}

func prefixOf(prefix, path []string) bool {
	return len(prefix) <= len(path) && equal(prefix, path[:len(prefix)])
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
