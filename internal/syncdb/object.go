package syncdb

import "time"

// Meta says where a snapshot came from. The runtime fills it for every
// object it decodes.
type Meta struct {
	// Version orders snapshots of one object: larger is newer. Use the
	// event's created time, or the fetch time on the same clock (unix
	// seconds, or finer if every writer agrees). It must be positive.
	Version int64
	// At is when the snapshot was taken; deletions record it as deleted_at.
	// Zero means now.
	At time.Time
	// APIVersion is the API version the snapshot was rendered at.
	APIVersion string
	// AccountID is the connected account the object belongs to, "" for the
	// platform account.
	AccountID string
	// ParentID is the parent object's id for items of a parent-scoped list
	// (see ListSource.ParentColumn); nested list items get it from their parent.
	ParentID string
	// Position is the item's index in its parent's list; for a page of a
	// parent-scoped list, the index of the page's first item plus its own.
	Position int
}

// Object is one decoded Stripe object: a row to upsert or a deletion, plus
// the items of its embedded lists.
type Object struct {
	// Table is the table the object belongs to.
	Table *Table
	// ID is the object's id.
	ID string
	// Row is the row to upsert; nil when Deleted.
	Row Row
	// Deleted is true for a deleted stub ({"id": ..., "deleted": true}).
	Deleted bool
	// Meta is the snapshot's provenance.
	Meta Meta
	// Lists are the embedded lists present in the object.
	Lists []*ListRows
}

// ListRows are the items of one embedded list of one parent object.
type ListRows struct {
	// List is the nested list.
	List *NestedList
	// ParentID is the parent object's id.
	ParentID string
	// Items are the decoded items, in list order.
	Items []*Object
	// HasMore is the embedded list's has_more: the items are only the first
	// page; fetch the rest from List.ListPath. When false, the items are the
	// whole list and replace the parent's previous child rows.
	HasMore bool
}

// Row is one generated row type.
type Row interface {
	// Info returns the row's key and ordering fields.
	Info() RowInfo
	// Pointers appends a pointer to every field in table column order, the
	// targets for Scan.
	Pointers(dst []any) []any
	// Values appends every field in table column order for COPY: pointers,
	// except JSON fields, which pgx would re-marshal through a pointer.
	Values(dst []any) []any
	// Encode writes the row's fields back as Stripe JSON properties (no
	// nested lists and no _extra: Rebuild merges those).
	Encode(e *Encoder)
	// SetParent sets the parent column of a child row when the object did
	// not name its parent; a no-op for other rows.
	SetParent(id string)
}

// RowInfo is what the batch writer needs to know about a row.
type RowInfo struct {
	// ID is the Stripe id.
	ID string
	// Key is the primary key, its values joined with NUL.
	Key string
	// ParentID is the parent id of a child row, else "".
	ParentID string
	// Version is the snapshot version.
	Version int64
	// Hash is the content hash breaking ties between equal versions.
	Hash int64
}
