package stripetest

import "fmt"

// link connects a new object to others: its structural parent (given, or
// the newest object of the parent kind, created when there is none) and its
// top-level references (a picked existing object of the target kind, or the
// fixture's value when none exists). Fields the caller set are left alone.
func (s *store) link(o *object, given map[string]any, mu *mutation) error {
	set := map[string]bool{}
	for name := range given {
		set[name] = true
	}
	if err := s.linkParent(o, set, mu); err != nil {
		return err
	}
	for _, r := range o.kind.refs {
		if set[r.name] {
			continue
		}
		for _, t := range r.targets {
			if target := s.pick(t); target != nil {
				o.setString(r.name, target.id)
				break
			}
		}
	}
	return nil
}

// linkParent attaches o under a parent and marks the parent field as set.
func (s *store) linkParent(o *object, set map[string]bool, mu *mutation) error {
	if parentID := mu.parent; parentID != "" {
		p := s.objects[parentID]
		if p == nil || p.deleted {
			return fmt.Errorf("stripetest: parent %s: %w", parentID, ErrNotFound)
		}
		if !s.attach(o, p, set) {
			return fmt.Errorf("stripetest: a %s cannot live under a %s", o.kind.name, p.kind.name)
		}
		return nil
	}
	if o.kind.topLevel || len(o.kind.scoped) == 0 {
		return nil
	}
	var g *listGroup
	for _, sg := range sortedGroups(o.kind.scoped) {
		if sg.field != "" && set[sg.field] {
			return nil
		}
		if g == nil && sg.parent != nil {
			g = sg
		}
	}
	if g == nil {
		return nil
	}
	p := s.newest(g.parent)
	if p == nil {
		var err error
		if p, err = s.create(g.parent, nil, &mutation{noEvent: mu.noEvent}); err != nil {
			return fmt.Errorf("stripetest: create parent for %s: %w", o.kind.name, err)
		}
	}
	s.attach(o, p, set)
	return nil
}

// attach points o at parent p through every scoped group whose parent kind
// is p's kind; it reports whether any did.
func (s *store) attach(o *object, p *object, set map[string]bool) bool {
	ok := false
	for _, g := range o.kind.scoped {
		if g.parent != p.kind {
			continue
		}
		ok = true
		if g.field == "" {
			o.parent = p
			continue
		}
		o.setString(g.field, p.id)
		set[g.field] = true
	}
	return ok
}
