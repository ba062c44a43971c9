package source

import "github.com/stripesync/stripesync/internal/syncdb"

// Result is what one fetch produced: objects (rows or deletions) and the
// nested lists completed from their own endpoints.
type Result struct {
	// Objects are the decoded objects, in the order fetched.
	Objects []*syncdb.Object
	// Lists are nested lists fetched in full for one parent each.
	Lists []*CompleteList
	// Version is the fetch version of the request that started the fetch.
	Version int64
}

// CompleteList is every item of one parent's nested list, fetched from the
// list's own endpoint because the embedded copy said has_more.
type CompleteList struct {
	// List is the nested list.
	List *syncdb.NestedList
	// ParentID is the parent object's id.
	ParentID string
	// Meta is the provenance of the list fetch (its version gates the
	// replacement of the parent's previous items).
	Meta syncdb.Meta
	// Items are the decoded items in list order.
	Items []*syncdb.Object
}

// AddTo adds the result to a batch.
func (r *Result) AddTo(b *syncdb.Batch) {
	for _, o := range r.Objects {
		b.Add(o)
	}
	for _, l := range r.Lists {
		b.AddList(l.List, l.ParentID, l.Meta, true, l.Items...)
	}
}

// Len returns the number of objects, the items of their embedded lists
// (complete ones; truncated ones count through their CompleteList) and of
// the completed lists included.
func (r *Result) Len() int {
	n := len(r.Objects)
	for _, o := range r.Objects {
		for _, l := range o.Lists {
			if !l.HasMore {
				n += len(l.Items)
			}
		}
	}
	for _, l := range r.Lists {
		n += len(l.Items)
	}
	return n
}

// Merge appends another result's objects and lists.
func (r *Result) Merge(o *Result) {
	if o == nil {
		return
	}
	r.Objects = append(r.Objects, o.Objects...)
	r.Lists = append(r.Lists, o.Lists...)
	r.Version = max(r.Version, o.Version)
}
