package gen

import (
	"fmt"
	"strings"

	"github.com/stripesync/stripesync/gen/ir"
	"github.com/stripesync/stripesync/openapi"
)

// field is one property being placed into a table.
type field struct {
	// path is the JSON path below the resource.
	path []string
	// schema is the property's schema with a nullable single-member anyOf unwrapped.
	schema *openapi.Schema
	// description is the property's description.
	description string
	// depth counts the objects above the property (0 = a resource property).
	depth int
}

func (f field) name() string { return f.path[len(f.path)-1] }

// rule decides how one kind of field is stored. apply reports whether the rule
// took the field; rules are tried in order and the first that applies wins.
type rule struct {
	name  string
	apply func(b *tableBuilder, f field) bool
}

// rules is the ordered table-definition policy. Each rule is small and tested on
// its own (rules_test.go); the name is recorded on every column it creates.
// It is filled in init because ruleFlatten places fields recursively.
var rules []rule

func init() {
	rules = []rule{
		{"constant", ruleConstant},
		{"nested-list", ruleNestedList},
		{"expandable", ruleExpandable},
		{"expandable-array", ruleExpandableArray},
		{"metadata", ruleMetadata},
		{"map", ruleMap},
		{"free-form", ruleFreeForm},
		{"polymorphic", rulePolymorphic},
		{"timestamp", ruleTimestamp},
		{"decimal", ruleDecimal},
		{"scalar", ruleScalar},
		{"scalar-array", ruleScalarArray},
		{"object-array", ruleObjectArray},
		{"flatten", ruleFlatten},
		{"large-object", ruleLargeObject},
		{"fallback", ruleFallback},
	}
}

// place runs the rules on a field.
func (b *tableBuilder) place(f field) {
	for _, r := range rules {
		b.rule = r.name
		if r.apply(b, f) {
			return
		}
	}
}

func ruleConstant(b *tableBuilder, f field) bool {
	if f.name() != "object" || len(f.schema.Enum) != 1 {
		return false
	}
	b.t.Constants = append(b.t.Constants, &ir.Constant{Path: f.path, Value: f.schema.Enum[0]})
	return true
}

func ruleNestedList(b *tableBuilder, f field) bool {
	if f.depth > 0 || !f.schema.IsList() {
		return false
	}
	b.lists = append(b.lists, f)
	return true
}

func ruleExpandable(b *tableBuilder, f field) bool {
	targets, ok := f.schema.Expandable()
	if !ok {
		return false
	}
	live := liveTargets(targets)
	b.add(f, "_id", "text", ir.ColRefID, fmt.Sprintf("expandable reference to %s: the id is kept whether or not the object came expanded", strings.Join(live, " or ")), func(c *ir.Column) {
		c.Targets = targets
	})
	if len(live) > 1 {
		b.add(f, "_type", "text", ir.ColRefType, "reference can point at several resources: the object type of the target", func(c *ir.Column) {
			c.Targets = targets
		})
	}
	return true
}

func ruleExpandableArray(b *tableBuilder, f field) bool {
	if f.schema.Type != "array" || f.schema.Items == nil {
		return false
	}
	targets, ok := f.schema.Items.Expandable()
	if !ok {
		return false
	}
	b.add(f, "", "text[]", ir.ColRefIDs, fmt.Sprintf("array of expandable references to %s: the ids, in order", strings.Join(liveTargets(targets), " or ")), func(c *ir.Column) {
		c.Targets = targets
	})
	return true
}

func ruleMetadata(b *tableBuilder, f field) bool {
	if f.name() != "metadata" || !f.schema.IsMap() {
		return false
	}
	col := b.add(f, "", "jsonb", ir.ColJSON, "key-value metadata: JSONB with a GIN index, so metadata @> '{\"k\":\"v\"}' is indexed", nil)
	if f.depth == 0 {
		b.index(col.Name, "gin")
	}
	return true
}

func ruleMap(b *tableBuilder, f field) bool {
	if !f.schema.IsMap() {
		return false
	}
	b.add(f, "", "jsonb", ir.ColJSON, "map with open-ended keys (often currencies): JSONB", nil)
	return true
}

func ruleFreeForm(b *tableBuilder, f field) bool {
	if !f.schema.FreeForm {
		return false
	}
	b.add(f, "", "jsonb", ir.ColJSON, "free-form object with no declared properties: JSONB", nil)
	return true
}

func rulePolymorphic(b *tableBuilder, f field) bool {
	if len(f.schema.AnyOf) < 2 {
		return false
	}
	b.add(f, "", "jsonb", ir.ColJSON, fmt.Sprintf("polymorphic: one of %d shapes, stored whole as JSONB", len(f.schema.AnyOf)), nil)
	return true
}

func ruleTimestamp(b *tableBuilder, f field) bool {
	if f.schema.Type != "integer" || f.schema.Format != "unix-time" {
		return false
	}
	b.add(f, "", "timestamptz", ir.ColTimestamp, "unix time in seconds: timestamptz", func(c *ir.Column) { c.ScalarType = "integer" })
	return true
}

func ruleDecimal(b *tableBuilder, f field) bool {
	if f.schema.Type != "string" || f.schema.Format != "decimal" {
		return false
	}
	b.add(f, "", "numeric", ir.ColDecimal, "decimal string: numeric keeps every digit", func(c *ir.Column) { c.ScalarType = "string" })
	return true
}

// scalarTypes maps OpenAPI scalar types to Postgres types.
var scalarTypes = map[string]string{
	"string":  "text",
	"integer": "bigint",
	"number":  "numeric",
	"boolean": "boolean",
}

func ruleScalar(b *tableBuilder, f field) bool {
	pg, ok := scalarTypes[f.schema.Type]
	if !ok {
		return false
	}
	reason := f.schema.Type + ": " + pg
	if len(f.schema.Enum) > 0 {
		reason = "enum: text, since Stripe adds values (never a Postgres ENUM or CHECK)"
	} else if f.schema.Type == "integer" {
		reason = "integer: bigint (amounts stay integer minor units)"
	}
	b.add(f, "", pg, ir.ColScalar, reason, func(c *ir.Column) { c.ScalarType = f.schema.Type })
	return true
}

func ruleScalarArray(b *tableBuilder, f field) bool {
	if f.schema.Type != "array" || f.schema.Items == nil {
		return false
	}
	pg, ok := scalarTypes[f.schema.Items.Type]
	if !ok || f.schema.Items.Format == "decimal" {
		return false
	}
	b.add(f, "", pg+"[]", ir.ColArray, "array of "+f.schema.Items.Type+"s: "+pg+"[]", func(c *ir.Column) { c.ScalarType = f.schema.Items.Type })
	return true
}

func ruleObjectArray(b *tableBuilder, f field) bool {
	if f.schema.Type != "array" {
		return false
	}
	b.add(f, "", "jsonb", ir.ColJSON, "array of objects: JSONB", nil)
	return true
}

func ruleFlatten(b *tableBuilder, f field) bool {
	if !f.schema.IsObject() || f.depth+1 > b.policy.MaxFlattenDepth {
		return false
	}
	cost := b.cost(f.schema, f.depth+1)
	if cost > b.policy.MaxFlattenColumns {
		return false
	}
	outer := b.note
	b.note = fmt.Sprintf("; flattened from %s (%d of at most %d columns)", strings.Join(f.path, "."), cost, b.policy.MaxFlattenColumns)
	for _, p := range f.schema.Properties {
		b.place(child(f, p))
	}
	b.note = outer
	return true
}

func ruleLargeObject(b *tableBuilder, f field) bool {
	if !f.schema.IsObject() {
		return false
	}
	reason := fmt.Sprintf("nested object would need %d columns (limit %d): JSONB", b.cost(f.schema, f.depth+1), b.policy.MaxFlattenColumns)
	if f.depth+1 > b.policy.MaxFlattenDepth {
		reason = fmt.Sprintf("nested object deeper than %d levels: JSONB", b.policy.MaxFlattenDepth)
	}
	b.add(f, "", "jsonb", ir.ColJSON, reason, nil)
	return true
}

func ruleFallback(b *tableBuilder, f field) bool {
	b.add(f, "", "jsonb", ir.ColJSON, "shape with no more specific rule: JSONB keeps it whole", nil)
	return true
}

// child returns the field for property p of object field f.
func child(f field, p *openapi.Property) field {
	s, _ := p.Schema.Deref()
	path := append(append([]string{}, f.path...), p.Name)
	desc := p.Description
	if desc == "" {
		desc = s.Description
	}
	return field{path: path, schema: s, description: desc, depth: f.depth + 1}
}

// liveTargets drops deleted_* stubs from reference targets.
func liveTargets(targets []string) []string {
	var out []string
	for _, t := range targets {
		if !strings.HasPrefix(t, "deleted_") {
			out = append(out, t)
		}
	}
	return out
}
