package stripetest

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"

	"github.com/stripesync/stripesync/openapi"
)

// kind is one generatable resource: its fixture as a template, how its ids
// look, and how its fields relate to other kinds.
type kind struct {
	name       string
	objectType string
	res        *openapi.Resource
	style      idStyle
	fixtureID  string
	// keys are the template's top-level keys, sorted; tmpl their JSON values.
	keys []string
	tmpl map[string]json.RawMessage
	// hasCreated says whether the resource has a `created` property.
	hasCreated bool
	hasMeta    bool
	// refs are top-level fields pointing at other kinds by id.
	refs []*refField
	// embeds are top-level fields holding a whole object of another kind
	// (subscription_item.price), rendered live from the referenced object.
	embeds map[string]*kind
	// nested are top-level list fields (invoice.lines).
	nested map[string]*nestedList
	// includable are list fields shown only when expanded
	// (checkout.session.line_items, customer.subscriptions).
	includable map[string]*nestedList
	// groups are the list groups holding this kind; scoped the ones under a parent.
	groups []*listGroup
	scoped []*listGroup
	// topLevel says whether some list serves the kind with no parent.
	topLevel bool
	// events maps "created", "updated", "deleted" to candidate event types.
	events map[string][]string
}

// refField is a top-level field holding the id of another object.
type refField struct {
	name    string
	targets []*kind
	// always says the field is linked even when the fixture holds null.
	always bool
}

// nestedList is a list embedded in an object, served in full elsewhere.
type nestedList struct {
	field string
	// group holds the children; nil when the fixture's url names no parent.
	group *listGroup
	// urlBefore and urlAfter surround the parent id in the list's url.
	urlBefore, urlAfter string
}

// ownerFields are reference fields linked even when the fixture has null,
// because a synced database is most useful when they resolve.
var ownerFields = map[string]bool{
	"customer": true, "payment_intent": true, "subscription": true, "invoice": true,
	"charge": true, "product": true, "price": true, "transfer": true,
}

func newKind(r *openapi.Resource, fx map[string]json.RawMessage, id string) *kind {
	k := &kind{
		name: r.Name, objectType: r.ObjectType, res: r, fixtureID: id, style: styleOf(id),
		tmpl: fx, embeds: map[string]*kind{}, nested: map[string]*nestedList{}, includable: map[string]*nestedList{}, events: map[string][]string{},
	}
	for key, raw := range fx {
		k.keys = append(k.keys, key)
		var buf bytes.Buffer
		if json.Compact(&buf, raw) == nil {
			fx[key] = buf.Bytes()
		}
	}
	sort.Strings(k.keys)
	k.hasCreated = r.Schema.Property("created") != nil
	_, k.hasMeta = fx["metadata"]
	return k
}

// linkRefs finds the kind's references and embedded objects.
func (m *model) linkRefs(k *kind) {
	for _, p := range k.res.Schema.Properties {
		if p.Name == "id" || p.Name == "object" {
			continue
		}
		m.linkField(k, p)
	}
}

// linkLists finds nested lists, parents and event types, once lists exist.
func (m *model) linkLists(k *kind) {
	for _, p := range k.res.Schema.Properties {
		sch, _ := p.Schema.Deref()
		switch {
		case !sch.IsList():
		case k.tmpl[p.Name] != nil:
			m.linkNested(k, p.Name, k.tmpl[p.Name])
		default:
			m.linkIncludable(k, p.Name, sch.ListItems())
		}
	}
	for _, g := range k.groups {
		if g.scoped() {
			k.scoped = append(k.scoped, g)
		} else {
			k.topLevel = true
		}
	}
	for _, action := range []string{"created", "updated", "deleted"} {
		k.events[action] = m.eventCandidates(k, action)
	}
}

func (m *model) linkField(k *kind, p *openapi.Property) {
	sch, _ := p.Schema.Deref()
	fixture := k.tmpl[p.Name]
	if sch.IsList() {
		return
	}
	if targets, ok := sch.Expandable(); ok {
		m.addRef(k, p.Name, targets, fixture)
		return
	}
	if t := m.kinds[sch.ResourceID]; t != nil && t != k && isObject(fixture) {
		k.embeds[p.Name] = t
		return
	}
	if sch.Type == "string" {
		if t := m.fixtureIDs[jsonString(fixture)]; t != nil && t != k {
			k.refs = append(k.refs, &refField{name: p.Name, targets: []*kind{t}})
		}
	}
}

// addRef records an expandable field whose targets include generatable kinds,
// the kind of the fixture's own value first.
func (m *model) addRef(k *kind, field string, targets []string, fixture json.RawMessage) {
	null := len(fixture) == 0 || string(fixture) == "null"
	if null && !ownerFields[field] {
		return
	}
	ref := &refField{name: field, always: ownerFields[field]}
	if first := m.fixtureIDs[refID(fixture)]; first != nil {
		ref.targets = append(ref.targets, first)
	}
	for _, t := range targets {
		if tk := m.liveKind(t); tk != nil && !containsKind(ref.targets, tk) {
			ref.targets = append(ref.targets, tk)
		}
	}
	if len(ref.targets) > 0 {
		k.refs = append(k.refs, ref)
	}
}

// linkNested maps an embedded list to the list group serving it in full,
// using the fixture's url with the fixture's own id as the parent.
func (m *model) linkNested(k *kind, field string, fixture json.RawMessage) {
	var fx struct {
		URL string `json:"url"`
	}
	if json.Unmarshal(fixture, &fx) != nil || fx.URL == "" {
		return
	}
	n := &nestedList{field: field, urlBefore: fx.URL}
	if i := strings.Index(fx.URL, k.fixtureID); i >= 0 {
		n.urlBefore, n.urlAfter = fx.URL[:i], fx.URL[i+len(k.fixtureID):]
		path, _, _ := strings.Cut(fx.URL, "?")
		if def, _ := m.routes0(path); def != nil {
			n.group = def.group
		}
	}
	k.nested[field] = n
}

// linkIncludable maps a list field absent from the fixture to the list
// endpoint serving the kind's children of those item kinds.
func (m *model) linkIncludable(k *kind, field string, items []string) {
	for _, d := range m.listList {
		g := d.group
		if g.parent != k || d.scopeParam == "" || len(g.kinds) != len(items) || !containsKindName(g.kinds, items[0]) {
			continue
		}
		n := &nestedList{field: field, group: g}
		if d.scopeInPath {
			n.urlBefore, n.urlAfter, _ = strings.Cut(d.path, "{"+d.scopeParam+"}")
		} else {
			n.urlBefore = d.path + "?" + d.scopeParam + "="
		}
		k.includable[field] = n
		return
	}
}

// routes0 matches a concrete path against list paths (used before the
// router exists).
func (m *model) routes0(path string) (*listDef, map[string]string) {
	for _, d := range m.listList {
		if vars, ok := matchPath(splitPath(d.path), splitPath(path)); ok {
			return d, vars
		}
	}
	return nil, nil
}

func containsKind(ks []*kind, k *kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

func isObject(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && raw[0] == '{'
}

// jsonString decodes a JSON string, or returns "".
func jsonString(raw json.RawMessage) string {
	var s string
	if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

// refID returns the id in a reference value: a string or an expanded object.
func refID(raw json.RawMessage) string {
	if s := jsonString(raw); s != "" {
		return s
	}
	if !isObject(raw) {
		return ""
	}
	var obj struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(raw, &obj)
	return obj.ID
}
