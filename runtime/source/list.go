package source

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"

	"github.com/stripesync/stripesync/internal/syncdb"
)

// PageSize is the page size lists are read with (Stripe's maximum).
const PageSize = 100

// List is one list walk: an endpoint with its parent filled in, fixed
// query parameters and the tables its items go to.
type List struct {
	// Path is the endpoint path with any parent path parameter filled in.
	Path string
	// Params are fixed query parameters (widening filters, a parent filter,
	// a created range). Cursors and limit are added per page.
	Params url.Values
	// Tables are the tables items may belong to, chosen by their object
	// type; a single table takes every item.
	Tables []*syncdb.Table
	// ParentID is the parent's id for a parent-scoped list; items get it as
	// Meta.ParentID.
	ParentID string
	// Unpaginated marks an endpoint that takes no limit or cursor and
	// returns everything at once (syncdb.ListSource.Unpaginated): no limit
	// is sent.
	Unpaginated bool
}

// Page is one decoded page of a list.
type Page struct {
	Result
	// HasMore reports whether older items follow.
	HasMore bool
	// LastID is the id of the page's last (oldest) item: the next page's
	// starting_after and the checkpoint cursor.
	LastID string
	// Count is the number of items on the page.
	Count int
	// NewestCreated and OldestCreated are the created times (unix seconds)
	// of the page's first and last items, 0 when unknown.
	NewestCreated, OldestCreated int64
}

// ListPage fetches and decodes the page after startingAfter ("" for the
// first), then completes the truncated nested lists of its objects. offset
// is the position of the page's first item in the whole list.
func (s *Source) ListPage(ctx context.Context, l *List, startingAfter string, offset int) (*Page, error) {
	version := FetchVersion(s.Now())
	q := pageQuery(l.Params, startingAfter)
	if l.Unpaginated {
		q.Del("limit")
	}
	raw, err := s.cfg.Client.List(ctx, l.Path, q)
	if err != nil {
		return nil, fmt.Errorf("source: list %s: %w", l.Path, err)
	}
	p := &Page{Result: Result{Version: version}, HasMore: raw.HasMore, Count: len(raw.Data)}
	for i, item := range raw.Data {
		m := syncdb.Meta{Version: version, APIVersion: s.APIVersion(), ParentID: l.ParentID, Position: offset + i}
		obj, err := s.decodeItem(item, l.Tables, m)
		if err != nil {
			return nil, fmt.Errorf("source: list %s: item %d: %w", l.Path, i, err)
		}
		p.Objects = append(p.Objects, obj)
	}
	if n := len(raw.Data); n > 0 {
		if p.LastID, err = raw.ItemID(n - 1); err != nil {
			return nil, fmt.Errorf("source: list %s: %w", l.Path, err)
		}
		p.NewestCreated, p.OldestCreated = createdOf(raw.Data[0]), createdOf(raw.Data[n-1])
	} else if p.HasMore {
		return nil, fmt.Errorf("source: list %s: empty page with has_more", l.Path)
	}
	if err := s.complete(ctx, &p.Result); err != nil {
		return nil, err
	}
	return p, nil
}

// ListAll fetches every page of a list (for short parent-scoped lists).
// When Stripe rejects a starting_after whose object was deleted meanwhile,
// it lists the whole list again.
func (s *Source) ListAll(ctx context.Context, l *List) (*Result, int, error) {
	for attempt := 0; ; attempt++ {
		res, n, err := s.listAll(ctx, l)
		if !IsCursorMissing(err) || attempt == 3 {
			return res, n, err
		}
	}
}

func (s *Source) listAll(ctx context.Context, l *List) (*Result, int, error) {
	out := &Result{}
	after, n := "", 0
	for {
		p, err := s.ListPage(ctx, l, after, n)
		if err != nil {
			return nil, n, err
		}
		if out.Version == 0 {
			out.Version = p.Version
		}
		out.Merge(&p.Result)
		n += p.Count
		if !p.HasMore {
			return out, n, nil
		}
		after = p.LastID
	}
}

// decodeItem decodes a list item into the table of its object type.
func (s *Source) decodeItem(raw []byte, tables []*syncdb.Table, m syncdb.Meta) (*syncdb.Object, error) {
	t, err := itemTable(raw, tables)
	if err != nil {
		return nil, err
	}
	return s.decode(raw, t, m)
}

// itemTable picks the table for an item among a list's tables.
func itemTable(raw []byte, tables []*syncdb.Table) (*syncdb.Table, error) {
	if len(tables) == 1 {
		return tables[0], nil
	}
	typ, err := syncdb.ObjectType(raw)
	if err != nil {
		return nil, err
	}
	for _, t := range tables {
		if t.ObjectType == typ {
			return t, nil
		}
	}
	return nil, fmt.Errorf("%w: object type %q", ErrNoTable, typ)
}

// createdOf reads an object's top-level created time, 0 when absent.
func createdOf(raw []byte) int64 {
	var v struct {
		Created int64 `json:"created"`
	}
	if json.Unmarshal(raw, &v) != nil {
		return 0
	}
	return v.Created
}

// pageQuery copies params and adds limit and starting_after.
func pageQuery(params url.Values, startingAfter string) url.Values {
	q := url.Values{}
	for k, v := range params {
		q[k] = append([]string(nil), v...)
	}
	q.Set("limit", strconv.Itoa(PageSize))
	if startingAfter != "" {
		q.Set("starting_after", startingAfter)
	}
	return q
}
