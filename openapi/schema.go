package openapi

import (
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Schema is a resolved, Stripe-relevant view of one OpenAPI schema node.
// Component schemas are shared: the same *Schema is returned for every
// reference to a component, so the graph may contain cycles through resources.
type Schema struct {
	// Name is the component name when the node is a component schema ("customer").
	Name string
	// Type is the OpenAPI type ("string", "integer", "number", "boolean", "object", "array" or "").
	Type string
	// Format is the OpenAPI format ("unix-time", "decimal", ...).
	Format string
	// Nullable is the OpenAPI nullable flag.
	Nullable bool
	// Enum lists the allowed string values, if any.
	Enum []string
	// Description is the schema's description.
	Description string
	// Properties are the object's properties sorted by name.
	Properties []*Property
	// Items is the element schema of an array.
	Items *Schema
	// AnyOf lists the alternatives of a union.
	AnyOf []*Schema
	// AdditionalProperties is the value schema of a map (object with additionalProperties).
	AdditionalProperties *Schema
	// FreeForm is true for objects with no declared properties (arbitrary JSON).
	FreeForm bool
	// ResourceID is the x-resourceId extension, set on resources.
	ResourceID string
	// ExpansionResources names the components an expandable reference can expand to.
	ExpansionResources []string
}

// Property is one named property of an object schema.
type Property struct {
	// Name is the JSON key.
	Name string
	// Schema is the property's schema.
	Schema *Schema
	// Required is true when the spec lists the property as required.
	Required bool
	// Description is the property's description (from the property node or its schema).
	Description string
}

// Property returns the named property, or nil.
func (s *Schema) Property(name string) *Property {
	for _, p := range s.Properties {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// IsObject reports whether the schema is an object with declared properties.
func (s *Schema) IsObject() bool {
	return len(s.Properties) > 0
}

// IsMap reports whether the schema is a map from string keys to values.
func (s *Schema) IsMap() bool {
	return s.AdditionalProperties != nil && len(s.Properties) == 0
}

// Deref unwraps a nullable single-member anyOf (`anyOf: [$ref] + nullable`)
// into its member, carrying the nullable flag; other schemas return themselves.
func (s *Schema) Deref() (*Schema, bool) {
	if len(s.AnyOf) == 1 && s.Type == "" && len(s.Properties) == 0 {
		return s.AnyOf[0], s.Nullable || s.AnyOf[0].Nullable
	}
	return s, s.Nullable
}

// Expandable reports whether the schema is an expandable reference
// (`anyOf: [string, $ref ...]`) and returns the schemas it can expand to:
// resources by x-resourceId, and the few id-carrying components without one
// (application, radar rule) by component name.
func (s *Schema) Expandable() ([]string, bool) {
	if len(s.AnyOf) < 2 || s.AnyOf[0].Type != "string" {
		return nil, false
	}
	var targets []string
	for _, alt := range s.AnyOf[1:] {
		switch {
		case alt.ResourceID != "":
			targets = append(targets, alt.ResourceID)
		case alt.Name != "" && alt.Property("id") != nil:
			targets = append(targets, alt.Name)
		default:
			return nil, false
		}
	}
	return targets, true
}

// IsList reports whether the schema is a Stripe list object
// (`object: "list"`, `data: [...]`, `has_more`).
func (s *Schema) IsList() bool {
	obj := s.Property("object")
	data := s.Property("data")
	return obj != nil && data != nil && data.Schema.Items != nil &&
		len(obj.Schema.Enum) == 1 && obj.Schema.Enum[0] == "list" && s.Property("has_more") != nil
}

// ListItems returns the resources a list's data array holds.
func (s *Schema) ListItems() []string {
	if !s.IsList() {
		return nil
	}
	items := s.Property("data").Schema.Items
	if items.ResourceID != "" {
		return []string{items.ResourceID}
	}
	var out []string
	for _, alt := range items.AnyOf {
		if alt.ResourceID != "" {
			out = append(out, alt.ResourceID)
		}
	}
	return out
}

// converter turns kin-openapi schemas into *Schema, sharing component nodes.
type converter struct {
	seen map[*openapi3.Schema]*Schema
}

func newConverter(components openapi3.Schemas) *converter {
	c := &converter{seen: map[*openapi3.Schema]*Schema{}}
	names := make([]string, 0, len(components))
	for name := range components {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if ref := components[name]; ref != nil && ref.Value != nil {
			c.seen[ref.Value] = &Schema{Name: name}
		}
	}
	for _, name := range names {
		if ref := components[name]; ref != nil && ref.Value != nil {
			c.fill(c.seen[ref.Value], ref.Value)
		}
	}
	return c
}

func (c *converter) convert(ref *openapi3.SchemaRef) *Schema {
	if ref == nil || ref.Value == nil {
		return &Schema{FreeForm: true}
	}
	if s, ok := c.seen[ref.Value]; ok {
		return s
	}
	s := &Schema{}
	c.seen[ref.Value] = s
	c.fill(s, ref.Value)
	return s
}

func (c *converter) fill(s *Schema, v *openapi3.Schema) {
	if v.Type != nil && len(*v.Type) > 0 {
		s.Type = (*v.Type)[0]
	}
	s.Format = v.Format
	s.Nullable = v.Nullable
	s.Description = strings.TrimSpace(v.Description)
	for _, e := range v.Enum {
		if str, ok := e.(string); ok {
			s.Enum = append(s.Enum, str)
		}
	}
	s.ResourceID, _ = v.Extensions["x-resourceId"].(string)
	s.ExpansionResources = expansionResources(v.Extensions["x-expansionResources"])
	required := map[string]bool{}
	for _, r := range v.Required {
		required[r] = true
	}
	names := make([]string, 0, len(v.Properties))
	for name := range v.Properties {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		ps := c.convert(v.Properties[name])
		desc := ""
		if pv := v.Properties[name].Value; pv != nil {
			desc = strings.TrimSpace(pv.Description)
		}
		s.Properties = append(s.Properties, &Property{Name: name, Schema: ps, Required: required[name], Description: desc})
	}
	if v.Items != nil {
		s.Items = c.convert(v.Items)
	}
	for _, alt := range v.AnyOf {
		s.AnyOf = append(s.AnyOf, c.convert(alt))
	}
	for _, alt := range v.OneOf {
		s.AnyOf = append(s.AnyOf, c.convert(alt))
	}
	ap := v.AdditionalProperties
	switch {
	case ap.Schema != nil:
		s.AdditionalProperties = c.convert(ap.Schema)
	case ap.Has != nil && *ap.Has:
		s.AdditionalProperties = &Schema{FreeForm: true}
	}
	if s.Type == "object" && len(s.Properties) == 0 && s.AdditionalProperties == nil {
		s.FreeForm = true
	}
}

// expansionResources reads `x-expansionResources: {oneOf: [{$ref}...]}`.
func expansionResources(ext any) []string {
	m, ok := ext.(map[string]any)
	if !ok {
		return nil
	}
	alts, _ := m["oneOf"].([]any)
	var out []string
	for _, a := range alts {
		if am, ok := a.(map[string]any); ok {
			if ref, ok := am["$ref"].(string); ok {
				out = append(out, strings.TrimPrefix(ref, "#/components/schemas/"))
			}
		}
	}
	return out
}
