package stripetest

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
)

// store is the fake account's state: objects, list indexes and events. It is
// not safe for concurrent use; Server guards it with a lock.
type store struct {
	m        *model
	clock    Clock
	ids      *idGen
	rng      *rand.Rand
	seq      uint64
	tieBySeq bool
	version  string

	objects map[string]*object
	// live holds each kind's live objects, for picking references.
	live map[*kind]*sortedSet[*object]
	// colls holds each group's live objects by parent id ("" at top level).
	colls   map[*listGroup]map[string]*sortedSet[*object]
	deleted []*object
	events  eventLog

	// createdAt, when set, hands out created times (Seed's timeline).
	createdAt func() int64
	// bulk defers sorting while seeding; dirty lists the sets to sort.
	bulk  bool
	dirty map[*sortedSet[*object]]bool
}

func newStore(m *model, clock Clock, seed int64, tieBySeq bool) *store {
	return &store{
		m: m, clock: clock, ids: newIDGen(seed), tieBySeq: tieBySeq, version: m.api.Version,
		rng:     rand.New(rand.NewPCG(uint64(seed), 0xda7a)),
		objects: map[string]*object{},
		live:    map[*kind]*sortedSet[*object]{},
		colls:   map[*listGroup]map[string]*sortedSet[*object]{},
		events:  newEventLog(),
	}
}

// nextCreated returns the created time of a new object.
func (s *store) nextCreated() int64 {
	if s.createdAt != nil {
		return s.createdAt()
	}
	return s.now()
}

// now returns the clock's time in unix seconds.
func (s *store) now() int64 { return s.clock.Now().Unix() }

// newObject allocates an object of kind k with a fresh (or given) id.
func (s *store) newObject(k *kind, id string, created int64) (*object, error) {
	if id == "" {
		id = s.ids.next(k.style)
	} else if !s.ids.reserve(id) {
		return nil, fmt.Errorf("stripetest: id %q is already in use", id)
	}
	s.seq++
	o := &object{kind: k, id: id, created: created, fields: make(map[string]json.RawMessage, 4)}
	o.tie = id
	if s.tieBySeq {
		o.tie = seqTie(s.seq)
	}
	o.setString("id", id)
	if k.hasCreated {
		o.setInt("created", created)
	}
	return o, nil
}

// index adds a live object to its kind's set and to every group it belongs to.
func (s *store) index(o *object) {
	s.objects[o.id] = o
	s.add(s.liveSet(o.kind), o)
	for _, g := range o.kind.groups {
		scope := ""
		if g.scoped() {
			if scope = o.scopeValue(g); scope == "" {
				continue
			}
		}
		s.add(s.coll(g, scope, true), o)
	}
}

// unindex removes an object from every set (it stays in s.objects).
func (s *store) unindex(o *object) {
	s.liveSet(o.kind).remove(o)
	for _, g := range o.kind.groups {
		scope := ""
		if g.scoped() {
			scope = o.scopeValue(g)
		}
		if c := s.coll(g, scope, false); c != nil {
			c.remove(o)
		}
	}
}

func (s *store) add(set *sortedSet[*object], o *object) {
	if !s.bulk {
		set.insert(o)
		return
	}
	set.items = append(set.items, o)
	s.dirty[set] = true
}

// beginBulk defers sorting until endBulk.
func (s *store) beginBulk() {
	s.bulk, s.dirty = true, map[*sortedSet[*object]]bool{}
}

// endBulk sorts every set touched since beginBulk.
func (s *store) endBulk() {
	for set := range s.dirty {
		set.sortAll()
	}
	s.bulk, s.dirty = false, nil
}

func (s *store) liveSet(k *kind) *sortedSet[*object] {
	set := s.live[k]
	if set == nil {
		set = &sortedSet[*object]{}
		s.live[k] = set
	}
	return set
}

// coll returns a group's set for one parent, creating it when asked.
func (s *store) coll(g *listGroup, scope string, create bool) *sortedSet[*object] {
	byScope := s.colls[g]
	if byScope == nil {
		if !create {
			return nil
		}
		byScope = map[string]*sortedSet[*object]{}
		s.colls[g] = byScope
	}
	set := byScope[scope]
	if set == nil && create {
		set = &sortedSet[*object]{}
		byScope[scope] = set
	}
	return set
}

// pick returns a deterministic pseudo-random live object of kind k, or nil.
func (s *store) pick(k *kind) *object {
	set := s.live[k]
	if set == nil || len(set.items) == 0 {
		return nil
	}
	return set.items[s.rng.IntN(len(set.items))]
}

// newest returns the newest live object of kind k, or nil.
func (s *store) newest(k *kind) *object {
	set := s.live[k]
	if set == nil || len(set.items) == 0 {
		return nil
	}
	return set.items[len(set.items)-1]
}

// seqTie renders a sequence number as a tie string that sorts numerically.
func seqTie(seq uint64) string { return fmt.Sprintf("%016x", seq) }
