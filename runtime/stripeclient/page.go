package stripeclient

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
)

// Page is one page of a list endpoint, its items untouched, in Stripe's
// order: newest first. The items share one buffer, the response body.
type Page struct {
	// Data holds the items' JSON.
	Data []json.RawMessage `json:"data"`
	// HasMore reports whether more items lie beyond the page in the
	// walking direction (older for starting_after, newer for ending_before).
	HasMore bool `json:"has_more"`
	// URL is the list's path as Stripe reports it.
	URL string `json:"url"`
}

// listBody is a list response's envelope.
type listBody struct {
	Object string `json:"object"`
	Page
}

// List fetches one page of the list endpoint at path.
func (c *Client) List(ctx context.Context, path string, q url.Values) (*Page, error) {
	cl, err := newCall(http.MethodGet, path, q, nil)
	if err != nil {
		return nil, err
	}
	var body listBody
	err = c.do(ctx, cl, func(b []byte) (err error) {
		body, err = splitList(b)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &body.Page, nil
}

// ItemID returns the id of item i.
func (p *Page) ItemID(i int) (string, error) {
	if i < 0 || i >= len(p.Data) {
		return "", fmt.Errorf("stripeclient: item %d of a page of %d", i, len(p.Data))
	}
	var item struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(p.Data[i], &item); err != nil || item.ID == "" {
		return "", fmt.Errorf("stripeclient: item %d of %s has no id", i, p.URL)
	}
	return item.ID, nil
}

// OldestFirst returns the items oldest first, the order to apply events in.
func (p *Page) OldestFirst() []json.RawMessage {
	out := slices.Clone(p.Data)
	slices.Reverse(out)
	return out
}
