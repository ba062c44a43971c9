package stripeclient

import (
	"context"
	"fmt"
	"iter"
	"maps"
	"net/url"
	"strconv"
)

// PageSize is the page size walks ask for unless the query sets limit.
const PageSize = 100

// eventsPath is the events list.
const eventsPath = "/v1/events"

// Pages walks the list at path from newest to oldest with starting_after,
// yielding each page in turn, or the error that ends the walk. q is not
// modified; a starting_after in q resumes an earlier walk, an ending_before
// is ignored, and limit defaults to PageSize.
func (c *Client) Pages(ctx context.Context, path string, q url.Values) iter.Seq2[*Page, error] {
	return func(yield func(*Page, error) bool) {
		q := withLimit(q)
		for {
			p, err := c.List(ctx, path, q)
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(p, nil) || !p.HasMore {
				return
			}
			last, err := lastID(p)
			if err != nil {
				yield(nil, err)
				return
			}
			q.Set("starting_after", last)
		}
	}
}

// LatestEventID returns the id of the newest event, or "" when there is
// none: the cursor to save before a backfill starts.
func (c *Client) LatestEventID(ctx context.Context) (string, error) {
	p, err := c.List(ctx, eventsPath, url.Values{"limit": {"1"}})
	if err != nil || len(p.Data) == 0 {
		return "", err
	}
	return p.ItemID(0)
}

// EventsAfter walks /v1/events forward from the event with id cursor, with
// ending_before: each page holds the events just newer than the previous
// one, newest first as Stripe sends them, so apply Page.OldestFirst; the
// next cursor is the page's first item. The walk ends after a page without
// has_more. An empty cursor starts with the oldest retained page. q may
// narrow the walk (types[]); its cursors are ignored.
func (c *Client) EventsAfter(ctx context.Context, cursor string, q url.Values) iter.Seq2[*Page, error] {
	return func(yield func(*Page, error) bool) {
		q := withLimit(q)
		q.Del("starting_after")
		if cursor == "" {
			var ok bool
			if cursor, ok = c.yieldOldest(ctx, q, yield); !ok {
				return
			}
		}
		for {
			q.Set("ending_before", cursor)
			p, err := c.List(ctx, eventsPath, q)
			if err == nil && len(p.Data) == 0 {
				return
			}
			if err == nil {
				cursor, err = p.ItemID(0)
			}
			if !yield(p, err) || err != nil || !p.HasMore {
				return
			}
		}
	}
}

// yieldOldest finds the oldest page of events by walking back, yields it
// and returns its newest id as the cursor; false ends the walk.
func (c *Client) yieldOldest(ctx context.Context, q url.Values, yield func(*Page, error) bool) (string, bool) {
	var oldest *Page
	for p, err := range c.Pages(ctx, eventsPath, q) {
		if err != nil {
			yield(nil, err)
			return "", false
		}
		oldest = p
	}
	if oldest == nil || len(oldest.Data) == 0 {
		return "", false
	}
	cursor, err := oldest.ItemID(0)
	if !yield(oldest, err) || err != nil {
		return "", false
	}
	return cursor, true
}

// withLimit copies q without ending_before and sets limit=PageSize unless
// q has a limit.
func withLimit(q url.Values) url.Values {
	out := maps.Clone(q)
	if out == nil {
		out = url.Values{}
	}
	if out.Get("limit") == "" {
		out.Set("limit", strconv.Itoa(PageSize))
	}
	out.Del("ending_before")
	return out
}

// lastID is the starting_after of the page after p.
func lastID(p *Page) (string, error) {
	if len(p.Data) == 0 {
		return "", fmt.Errorf("stripeclient: %s: empty page with has_more", p.URL)
	}
	return p.ItemID(len(p.Data) - 1)
}
