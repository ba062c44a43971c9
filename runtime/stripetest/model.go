package stripetest

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/stripe/stripe-mock/embedded"
	"github.com/stripesync/stripesync/openapi"
)

// model is everything derived from one spec and its fixtures: the resources
// the fake can generate, the list endpoints and the routes. It holds no
// state and is shared by every Server built from the same spec.
type model struct {
	api      *openapi.API
	kinds    map[string]*kind
	kindList []*kind
	lists    map[string]*listDef
	listList []*listDef
	groups   []*listGroup
	routes   *router
	// fixtureIDs maps each fixture object's id to its kind.
	fixtureIDs map[string]*kind
}

var pinned struct {
	once sync.Once
	m    *model
	err  error
}

// pinnedModel loads the pinned spec and fixtures once per process.
func pinnedModel() (*model, error) {
	pinned.once.Do(func() {
		api, err := openapi.LoadPinned()
		if err != nil {
			pinned.err = fmt.Errorf("stripetest: load pinned spec: %w", err)
			return
		}
		pinned.m, pinned.err = newModel(api, embedded.OpenAPIFixtures)
	})
	return pinned.m, pinned.err
}

// newModel builds the model from a loaded spec and a fixtures3.json document.
func newModel(api *openapi.API, fixtures []byte) (*model, error) {
	var doc struct {
		Resources map[string]map[string]json.RawMessage `json:"resources"`
	}
	if err := json.Unmarshal(fixtures, &doc); err != nil {
		return nil, fmt.Errorf("stripetest: decode fixtures: %w", err)
	}
	m := &model{api: api, kinds: map[string]*kind{}, lists: map[string]*listDef{}, fixtureIDs: map[string]*kind{}}
	m.buildKinds(doc.Resources)
	if len(m.kinds) == 0 {
		return nil, fmt.Errorf("stripetest: spec %s: no resource has a fixture with an id", api.Version)
	}
	for _, k := range m.kindList {
		m.linkRefs(k)
	}
	m.buildLists()
	for _, k := range m.kindList {
		m.linkLists(k)
	}
	m.routes = newRouter(m)
	return m, nil
}

// buildKinds makes a kind for every live resource with an id whose fixture
// carries a string id.
// Fixture ids shared by several fixtures (obj_123) or without a prefix (US)
// say nothing about references and are left out of fixtureIDs.
func (m *model) buildKinds(fixtures map[string]map[string]json.RawMessage) {
	ambiguous := map[string]bool{}
	for _, r := range m.api.Resources {
		if !r.HasID || r.DeletedOf != "" || r.Name == "event" {
			continue
		}
		fx := fixtures[r.Name]
		var id string
		if fx == nil || json.Unmarshal(fx["id"], &id) != nil {
			continue
		}
		if id == "" { // product_feature's fixture: real Stripe always sends one
			id = templateID(r.Name)
		}
		k := newKind(r, fx, id)
		m.kinds[k.name] = k
		m.kindList = append(m.kindList, k)
		if k.style.prefix == "" {
			continue
		}
		if _, dup := m.fixtureIDs[id]; dup {
			ambiguous[id] = true
		}
		m.fixtureIDs[id] = k
	}
	for id := range ambiguous {
		delete(m.fixtureIDs, id)
	}
	sort.Slice(m.kindList, func(i, j int) bool { return m.kindList[i].name < m.kindList[j].name })
}

// templateID makes up a fixture id for a resource whose fixture has an
// empty one: a lower-case prefix from its name, so generated ids look like
// Stripe's ("productf_..." for product_feature).
func templateID(name string) string {
	prefix := strings.NewReplacer(".", "", "_", "").Replace(name)
	return prefix[:min(len(prefix), 8)] + "_Template0"
}

// kindNames returns the sorted names of the generatable resources.
func (m *model) kindNames() []string {
	out := make([]string, len(m.kindList))
	for i, k := range m.kindList {
		out[i] = k.name
	}
	return out
}

// liveKind maps a resource name, or a deleted_* stub's name, to its kind.
func (m *model) liveKind(name string) *kind {
	if k := m.kinds[name]; k != nil {
		return k
	}
	if r := m.api.Resource(name); r != nil && r.DeletedOf != "" {
		return m.kinds[r.DeletedOf]
	}
	return nil
}
