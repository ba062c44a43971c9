package openapi

import (
	"fmt"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// API is the Stripe-aware view of one spec.
type API struct {
	// Version is the spec's API version, e.g. "2025-05-28.basil".
	Version string
	// SHA256 is the hex digest of the spec document.
	SHA256 string
	// Source says where the spec came from.
	Source Source
	// Resources are every x-resourceId schema, sorted by name.
	Resources []*Resource
	// Lists are every list operation, sorted by path.
	Lists []*ListOp
	// EventTypes are the GA event types (webhook enabled_events, without "*"), sorted.
	EventTypes []string
	// Schemas are all component schemas by name.
	Schemas map[string]*Schema
	// Paths lists every path with its methods, sorted ("GET /v1/customers").
	Paths []string
	// Fixtures is the fixtures3.json shipped with the spec, when there is one:
	// one example object per resource, used to learn id prefixes.
	Fixtures []byte

	resources map[string]*Resource
	events    map[string][]string
}

// Resource is a schema with an x-resourceId.
type Resource struct {
	// Name is the x-resourceId, equal to the schema name ("checkout.session").
	Name string
	// Schema is the resource's schema.
	Schema *Schema
	// ObjectType is the value of its "object" field (usually Name).
	ObjectType string
	// HasID says whether the resource has an "id" property.
	HasID bool
	// DeletedOf is set on deleted_* stubs: the live resource they stand for.
	DeletedOf string
	// Deletable says whether a deleted_* stub exists for the resource.
	Deletable bool
	// Lists are the list operations whose items include this resource.
	Lists []*ListOp
	// EventTypes are the event types whose data.object is this resource.
	EventTypes []string
	// RetrievePaths are the GET paths that retrieve one object, sorted.
	RetrievePaths []string
}

// ListOp is a GET operation returning a Stripe list.
type ListOp struct {
	// Path is the endpoint path.
	Path string
	// Items are the resources in its data array.
	Items []string
	// PathParams are the path parameters (parent ids), in path order.
	PathParams []string
	// Params are the query parameters other than pagination and expand.
	Params []*Param
	// Created says whether a created range filter is accepted.
	Created bool
	// Unpaginated says the operation takes no limit or no starting_after
	// query parameter: one request returns every item, and Stripe rejects
	// a limit it does not declare.
	Unpaginated bool
	// Description is the operation's description.
	Description string
}

// Param is a query parameter of a list operation.
type Param struct {
	// Name is the parameter name.
	Name string
	// Required is true when the parameter must be given.
	Required bool
	// Enum lists the allowed values of a string parameter.
	Enum []string
}

// Resource returns the named resource, or nil.
func (a *API) Resource(name string) *Resource {
	return a.resources[name]
}

// TopLevel reports whether the list needs no parent id: no path parameter and
// no required query filter.
func (l *ListOp) TopLevel() bool {
	return len(l.PathParams) == 0 && len(l.RequiredParams()) == 0
}

// RequiredParams returns the names of required query parameters.
func (l *ListOp) RequiredParams() []string {
	var out []string
	for _, p := range l.Params {
		if p.Required {
			out = append(out, p.Name)
		}
	}
	return out
}

// Param returns the named query parameter, or nil.
func (l *ListOp) Param(name string) *Param {
	for _, p := range l.Params {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// WideningParams returns fixed query values that widen the default result set,
// such as status=all on /v1/subscriptions.
func (l *ListOp) WideningParams() map[string]string {
	out := map[string]string{}
	for _, p := range l.Params {
		for _, e := range p.Enum {
			if e == "all" && !p.Required {
				out[p.Name] = "all"
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func newAPI(doc *openapi3.T, src Source, sum string) (*API, error) {
	conv := newConverter(doc.Components.Schemas)
	a := &API{
		Version:   doc.Info.Version,
		SHA256:    sum,
		Source:    src,
		Schemas:   map[string]*Schema{},
		resources: map[string]*Resource{},
	}
	for name, ref := range doc.Components.Schemas {
		a.Schemas[name] = conv.convert(ref)
	}
	a.collectResources()
	if len(a.Resources) == 0 {
		return nil, fmt.Errorf("openapi: spec %s has no x-resourceId schemas", a.Version)
	}
	if err := a.collectPaths(doc, conv); err != nil {
		return nil, err
	}
	a.EventTypes = enabledEvents(doc)
	a.assignEvents(nil)
	return a, nil
}

func (a *API) collectResources() {
	for name, s := range a.Schemas {
		if s.ResourceID == "" {
			continue
		}
		r := &Resource{Name: s.ResourceID, Schema: s, ObjectType: s.ResourceID}
		r.HasID = s.Property("id") != nil
		if obj := s.Property("object"); obj != nil && len(obj.Schema.Enum) == 1 {
			r.ObjectType = obj.Schema.Enum[0]
		}
		if strings.HasPrefix(name, "deleted_") && s.Property("deleted") != nil {
			r.DeletedOf = strings.TrimPrefix(name, "deleted_")
		}
		a.resources[r.Name] = r
		a.Resources = append(a.Resources, r)
	}
	sort.Slice(a.Resources, func(i, j int) bool { return a.Resources[i].Name < a.Resources[j].Name })
	for _, r := range a.Resources {
		if live := a.resources[r.DeletedOf]; live != nil {
			live.Deletable = true
		}
	}
}

func (a *API) collectPaths(doc *openapi3.T, conv *converter) error {
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for method := range item.Operations() {
			a.Paths = append(a.Paths, method+" "+path)
		}
		if item.Get == nil {
			continue
		}
		if op := listOp(path, item.Get, conv); op != nil {
			a.Lists = append(a.Lists, op)
		} else if r := a.retrieved(item.Get, conv); r != nil && strings.HasSuffix(path, "}") {
			r.RetrievePaths = append(r.RetrievePaths, path)
		}
	}
	sort.Strings(a.Paths)
	for _, r := range a.Resources {
		sort.Strings(r.RetrievePaths)
	}
	sort.Slice(a.Lists, func(i, j int) bool { return a.Lists[i].Path < a.Lists[j].Path })
	for _, l := range a.Lists {
		for _, item := range l.Items {
			if r := a.resources[item]; r != nil {
				r.Lists = append(r.Lists, l)
			}
		}
	}
	return nil
}

// retrieved returns the resource a GET returns directly, if any.
func (a *API) retrieved(op *openapi3.Operation, conv *converter) *Resource {
	s := responseSchema(op, conv)
	if s == nil {
		return nil
	}
	for _, alt := range append([]*Schema{s}, s.AnyOf...) {
		if r := a.resources[alt.ResourceID]; r != nil && r.DeletedOf == "" {
			return r
		}
	}
	return nil
}

func responseSchema(op *openapi3.Operation, conv *converter) *Schema {
	if op.Responses == nil {
		return nil
	}
	resp := op.Responses.Status(200)
	if resp == nil || resp.Value == nil {
		return nil
	}
	mt := resp.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return nil
	}
	return conv.convert(mt.Schema)
}

// listOp builds a ListOp when the GET returns a Stripe list of resources.
func listOp(path string, op *openapi3.Operation, conv *converter) *ListOp {
	s := responseSchema(op, conv)
	if s == nil || !s.IsList() {
		return nil
	}
	items := s.ListItems()
	if len(items) == 0 {
		return nil
	}
	l := &ListOp{Path: path, Items: items, Description: strings.TrimSpace(op.Description)}
	pagination := map[string]bool{}
	for _, pref := range op.Parameters {
		p := pref.Value
		if p == nil {
			continue
		}
		switch {
		case p.In == "path":
			l.PathParams = append(l.PathParams, p.Name)
		case p.In != "query":
		case p.Name == "created":
			l.Created = true
		case p.Name == "limit" || p.Name == "starting_after" || p.Name == "ending_before" || p.Name == "expand":
			pagination[p.Name] = true
		default:
			l.Params = append(l.Params, queryParam(p, conv))
		}
	}
	l.Unpaginated = !pagination["limit"] || !pagination["starting_after"]
	sort.SliceStable(l.PathParams, func(i, j int) bool {
		return strings.Index(path, "{"+l.PathParams[i]+"}") < strings.Index(path, "{"+l.PathParams[j]+"}")
	})
	return l
}

func queryParam(p *openapi3.Parameter, conv *converter) *Param {
	out := &Param{Name: p.Name, Required: p.Required}
	if p.Schema != nil {
		out.Enum = conv.convert(p.Schema).Enum
	}
	return out
}

// enabledEvents reads the GA event types from POST /v1/webhook_endpoints.
func enabledEvents(doc *openapi3.T) []string {
	item := doc.Paths.Value("/v1/webhook_endpoints")
	if item == nil || item.Post == nil || item.Post.RequestBody == nil || item.Post.RequestBody.Value == nil {
		return nil
	}
	mt := item.Post.RequestBody.Value.Content.Get("application/x-www-form-urlencoded")
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
		return nil
	}
	prop := mt.Schema.Value.Properties["enabled_events"]
	if prop == nil || prop.Value == nil || prop.Value.Items == nil || prop.Value.Items.Value == nil {
		return nil
	}
	var out []string
	for _, e := range prop.Value.Items.Value.Enum {
		if s, ok := e.(string); ok && s != "*" {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}
