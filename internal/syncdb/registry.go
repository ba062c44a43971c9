package syncdb

import (
	"fmt"
	"sort"
)

// Kind says what a table holds.
type Kind string

// Table kinds, as in the generator's model.
const (
	// KindResource is a table of one Stripe resource keyed by its id.
	KindResource Kind = "resource"
	// KindChild is a table of items from a nested list of a parent resource.
	KindChild Kind = "child"
	// KindSingleton is a table of a resource without an id of its own.
	KindSingleton Kind = "singleton"
	// KindPreview is a table of computed objects keyed by their subject
	// (upcoming invoices).
	KindPreview Kind = "preview"
)

// Registry describes every data table of one generated API version. It is
// the runtime's only entry point to the data tables.
type Registry struct {
	// APIVersion is the Stripe API version the tables were generated from.
	APIVersion string
	// Tables lists every data table, sorted by name.
	Tables []*Table

	byName   map[string]*Table
	byObject map[string]*Table
	byEvent  map[string]*Table
}

// NewRegistry indexes the tables and resolves the links between them (parent
// tables, nested list tables, list parents). The generated package calls it
// once; an inconsistent description is a generator bug and panics.
func NewRegistry(apiVersion string, tables ...*Table) *Registry {
	r := &Registry{APIVersion: apiVersion, Tables: tables, byName: map[string]*Table{},
		byObject: map[string]*Table{}, byEvent: map[string]*Table{}}
	sort.Slice(r.Tables, func(i, j int) bool { return r.Tables[i].Name < r.Tables[j].Name })
	for _, t := range tables {
		r.byName[t.Name] = t
	}
	for _, t := range tables {
		if err := r.link(t); err != nil {
			panic(err)
		}
	}
	return r
}

// Table returns the table with the given name, or nil.
func (r *Registry) Table(name string) *Table { return r.byName[name] }

// ForObject returns the table holding top-level objects of the given
// "object" type ("customer", "checkout.session"), or nil. Items that live
// only in per-parent tables (checkout line items) have none: they are
// decoded with their table, known from the list they came from.
func (r *Registry) ForObject(objectType string) *Table { return r.byObject[objectType] }

// ForEvent returns the table whose rows an event type's data.object fills,
// or nil. Prefer ForObject on data.object.object: events are routed by their
// object, and this lookup is for planning (which tables have events).
func (r *Registry) ForEvent(eventType string) *Table { return r.byEvent[eventType] }

func (r *Registry) link(t *Table) error {
	if t.Kind == KindResource || t.Kind == KindChild && !t.perParent() {
		if other := r.byObject[t.ObjectType]; other != nil && other != t {
			return fmt.Errorf("syncdb: object type %q has tables %q and %q", t.ObjectType, other.Name, t.Name)
		}
		r.byObject[t.ObjectType] = t
	}
	for _, e := range t.EventTypes {
		r.byEvent[e] = t
	}
	if t.Parent != nil {
		p := r.byName[t.Parent.TableName]
		if p == nil {
			return fmt.Errorf("syncdb: table %q: parent table %q missing", t.Name, t.Parent.TableName)
		}
		t.Parent.Table = p
		p.Children = append(p.Children, t)
	}
	for _, nl := range t.NestedLists {
		nl.Parent = t
		for _, name := range nl.TableNames {
			item := r.byName[name]
			if item == nil {
				return fmt.Errorf("syncdb: table %q: nested list %q: table %q missing", t.Name, nl.Field, name)
			}
			nl.Tables = append(nl.Tables, item)
		}
	}
	if err := r.linkLists(t); err != nil {
		return err
	}
	return t.index()
}

// linkLists resolves the tables t's list sources name.
func (r *Registry) linkLists(t *Table) error {
	for _, l := range t.Lists {
		if l.ParentTableName != "" {
			l.ParentTable = r.byName[l.ParentTableName]
		}
		if l.TestClockTableName != "" {
			if l.TestClockTable = r.byName[l.TestClockTableName]; l.TestClockTable == nil {
				return fmt.Errorf("syncdb: table %q: list %s: test clock table %q missing", t.Name, l.Path, l.TestClockTableName)
			}
		}
	}
	return nil
}
