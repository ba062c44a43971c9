package events

import (
	"encoding/json"

	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/runtime/source"
	"github.com/stripesync/stripesync/runtime/state"
)

// plan is what applying a set of events writes.
type plan struct {
	batch   syncdb.Batch
	refetch []state.Refetch
	tracked map[*syncdb.Table]map[string]tracked
	records []state.ProcessedEvent
	applied []Applied
	rows    map[string]int
	skipped int
}

// plan routes fresh events (oldest first) into a batch and refetches.
func (f *Follower) plan(evs []*event) *plan {
	p := &plan{tracked: map[*syncdb.Table]map[string]tracked{}, rows: map[string]int{}}
	for _, e := range evs {
		p.records = append(p.records, state.ProcessedEvent{ID: e.ID, Type: e.Type, Created: e.createdTime()})
		p.applied = append(p.applied, Applied{ID: e.ID, Type: e.Type, Created: e.Created, Object: e.Data.Object})
		f.storeEvent(p, e)
		if !f.route(p, e) {
			p.skipped++
		}
	}
	return p
}

// storeEvent adds the event itself to the events table.
func (f *Follower) storeEvent(p *plan, e *event) {
	if f.eventsTable == nil {
		return
	}
	m := syncdb.Meta{Version: source.EventVersion(e.Created), At: e.createdTime(), APIVersion: e.apiVersion(), AccountID: e.Account}
	obj, err := f.cfg.Source.Decode(e.raw, f.eventsTable, m)
	if err != nil {
		f.cfg.Logger.Warn("events: event not stored in the events table", "event", e.ID, "type", e.Type, "error", err)
		return
	}
	p.batch.Add(obj)
	p.rows[f.eventsTable.Name]++
}

// route applies the event's object to its table, or queues a refetch
// instead; it returns false for events whose object the mirror does not
// keep.
func (f *Follower) route(p *plan, e *event) bool {
	if e.preview() || len(e.Data.Object) == 0 {
		return false
	}
	typ, err := syncdb.ObjectType(e.Data.Object)
	if err != nil {
		return false
	}
	t := f.cfg.Source.Registry().ForObject(typ)
	if t == nil {
		return false
	}
	m := syncdb.Meta{Version: source.EventVersion(e.Created), At: e.createdTime(), APIVersion: e.apiVersion(), AccountID: e.Account}
	obj, err := f.cfg.Source.Decode(e.Data.Object, t, m)
	if err != nil {
		f.cfg.Logger.Warn("events: undecodable object; refetching it", "event", e.ID, "type", e.Type, "error", err)
		f.queue(p, t, objectID(e.Data.Object), e, "undecodable payload")
		return true
	}
	if v := e.apiVersion(); v != f.cfg.Source.APIVersion() && !e.deletes() && !obj.Deleted {
		if f.queue(p, t, obj.ID, e, "rendered at API version "+orNull(v)) {
			return true
		}
	}
	f.add(p, t, obj, e)
	return true
}

// add puts an event's object (or its deletion) into the batch.
func (f *Follower) add(p *plan, t *syncdb.Table, obj *syncdb.Object, e *event) {
	switch {
	case e.deletes():
		p.batch.Delete(t, obj.ID, obj.Meta)
	default:
		p.batch.Add(obj)
		switch {
		case truncated(obj) != "":
			f.queue(p, t, obj.ID, e, "truncated nested list "+truncated(obj))
		case len(source.ExpandLists(t)) > 0:
			f.queue(p, t, obj.ID, e, "nested lists sent only when expanded")
		}
	}
	p.rows[t.Name]++
	if obj.Deleted || e.deletes() {
		return
	}
	path, _ := source.ObjectPath(t, obj.ID, e.Data.Object)
	byID := p.tracked[t]
	if byID == nil {
		byID = map[string]tracked{}
		p.tracked[t] = byID
	}
	v := source.EventVersion(e.Created)
	if old, ok := byID[obj.ID]; ok && old.version == v && path != "" {
		p.refetch = append(p.refetch, refetch(t, obj.ID, path, e.Created, "events in one second"))
	}
	if old, ok := byID[obj.ID]; !ok || old.version < v {
		byID[obj.ID] = tracked{version: v, created: e.Created, path: path}
	}
}

// queue asks for the object to be fetched after the event's second and
// reports whether it could be (a retrieve path is known).
func (f *Follower) queue(p *plan, t *syncdb.Table, id string, e *event, reason string) bool {
	if id == "" {
		return false
	}
	path, err := source.ObjectPath(t, id, e.Data.Object)
	if err != nil {
		f.cfg.Logger.Warn("events: cannot refetch; keeping the event's snapshot", "table", t.Name, "id", id, "reason", reason, "error", err)
		return false
	}
	p.refetch = append(p.refetch, refetch(t, id, path, e.Created, reason))
	return true
}

// truncated returns the field of an embedded list of obj cut at its first
// page, or "".
func truncated(obj *syncdb.Object) string {
	for _, l := range obj.Lists {
		if l.HasMore && l.List.ListPath != "" {
			return l.List.Field
		}
	}
	return ""
}

// objectID reads an object's id from its JSON.
func objectID(raw []byte) string {
	var v struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(raw, &v)
	return v.ID
}

func orNull(v string) string {
	if v == "" {
		return "null"
	}
	return v
}
