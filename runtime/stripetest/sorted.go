package stripetest

import "sort"

// key orders list entries: by created, then by a tie string. Lists are stored
// oldest first and served newest first.
type key struct {
	created int64
	tie     string
}

// less reports whether k sorts before (is older than) o.
func (k key) less(o key) bool {
	if k.created != o.created {
		return k.created < o.created
	}
	return k.tie < o.tie
}

// entry is anything a sorted set can hold.
type entry interface {
	sortKey() key
}

// sortedSet holds entries in ascending key order (oldest first). Keys are
// unique because ties break on ids or insertion sequence numbers.
type sortedSet[T entry] struct {
	items []T
}

// search returns the index of the first entry whose key is not less than k.
func (s *sortedSet[T]) search(k key) int {
	return sort.Search(len(s.items), func(i int) bool { return !s.items[i].sortKey().less(k) })
}

// insert adds e at its position; appending the newest entry is O(1).
func (s *sortedSet[T]) insert(e T) {
	k := e.sortKey()
	n := len(s.items)
	if n == 0 || s.items[n-1].sortKey().less(k) {
		s.items = append(s.items, e)
		return
	}
	i := s.search(k)
	var zero T
	s.items = append(s.items, zero)
	copy(s.items[i+1:], s.items[i:])
	s.items[i] = e
}

// remove deletes the entry with e's key, if present.
func (s *sortedSet[T]) remove(e T) {
	k := e.sortKey()
	i := s.search(k)
	if i < len(s.items) && s.items[i].sortKey() == k {
		s.items = append(s.items[:i], s.items[i+1:]...)
	}
}

// sortAll restores order after unordered appends (bulk seeding).
func (s *sortedSet[T]) sortAll() {
	sort.Slice(s.items, func(i, j int) bool { return s.items[i].sortKey().less(s.items[j].sortKey()) })
}

// window is a page request over a sorted set.
type window struct {
	// lo and hi bound created, inclusive; hasLo/hasHi say whether they apply.
	lo, hi       int64
	hasLo, hasHi bool
	// after is the starting_after cursor's key; before the ending_before one.
	after, before *key
	limit         int
}

// page returns up to w.limit matching entries, newest first, and whether more
// matching entries lie beyond the page in the walking direction.
func page[T entry](s *sortedSet[T], w window, match func(T) bool) ([]T, bool) {
	from, to := s.bounds(w)
	if w.before != nil {
		return s.walkUp(from, to, w.limit, match)
	}
	return s.walkDown(from, to, w.limit, match)
}

// bounds turns created ranges and cursors into an index range [from, to).
func (s *sortedSet[T]) bounds(w window) (int, int) {
	from, to := 0, len(s.items)
	if w.hasLo {
		from = s.search(key{created: w.lo})
	}
	if w.hasHi {
		to = s.search(key{created: w.hi + 1})
	}
	if w.after != nil {
		to = min(to, s.search(*w.after))
	}
	if w.before != nil {
		i := s.search(*w.before)
		if i < len(s.items) && s.items[i].sortKey() == *w.before {
			i++
		}
		from = max(from, i)
	}
	return from, max(from, to)
}

// walkDown collects from the newest end of [from, to) downwards.
func (s *sortedSet[T]) walkDown(from, to, limit int, match func(T) bool) ([]T, bool) {
	var out []T
	for i := to - 1; i >= from; i-- {
		if match != nil && !match(s.items[i]) {
			continue
		}
		if len(out) == limit {
			return out, true
		}
		out = append(out, s.items[i])
	}
	return out, false
}

// walkUp collects from the oldest end of [from, to) upwards, then reverses the
// page so it reads newest first, as Stripe serves ending_before pages.
func (s *sortedSet[T]) walkUp(from, to, limit int, match func(T) bool) ([]T, bool) {
	var out []T
	more := false
	for i := from; i < to; i++ {
		if match != nil && !match(s.items[i]) {
			continue
		}
		if len(out) == limit {
			more = true
			break
		}
		out = append(out, s.items[i])
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, more
}
