package upcoming

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"

	"github.com/stripe/stripe-go/v82"

	"github.com/stripesync/stripesync/runtime/stripeclient"
)

// Preview endpoint paths.
const (
	upcomingPath      = "/v1/invoices/upcoming"
	upcomingLinesPath = "/v1/invoices/upcoming/lines"
	createPreviewPath = "/v1/invoices/create_preview"
)

// errNone means Stripe has no upcoming invoice for the subject.
var errNone = errors.New("upcoming: nothing upcoming")

// fetch returns the subject's upcoming invoice with every line in "lines",
// or errNone.
func (r *Refresher) fetch(ctx context.Context, s Subject) (json.RawMessage, error) {
	params := url.Values{s.Kind.String(): {s.ID}}
	var raw json.RawMessage
	var err error
	if r.cfg.Endpoint == EndpointUpcoming {
		raw, err = r.cfg.Client.Get(ctx, upcomingPath, params)
	} else {
		raw, err = r.cfg.Client.Post(ctx, createPreviewPath, params)
	}
	if isNone(err) || r.refusedCustomer(s, err) {
		return nil, errNone
	}
	if err != nil {
		return nil, fmt.Errorf("upcoming: preview %s: %w", s, err)
	}
	return r.withAllLines(ctx, s, raw)
}

// isNone reports whether err is Stripe saying there is nothing to preview:
// invoice_upcoming_none, or the customer or subscription is gone. A 404
// without such a code (a wrong URL) is an error, never a reason to delete.
func isNone(err error) bool {
	var se *stripe.Error
	if err == nil || !errors.As(err, &se) {
		return false
	}
	switch se.Code {
	case "invoice_upcoming_none":
		return true
	case stripe.ErrorCodeResourceMissing:
		return se.Param == "customer" || se.Param == "subscription"
	}
	return false
}

// refusedCustomer reports a 400 to a customer-alone create_preview. Since
// basil Stripe may refuse to preview a customer without subscription
// details; such a customer has no customer-level preview, which is not a
// failure to retry.
func (r *Refresher) refusedCustomer(s Subject, err error) bool {
	var se *stripe.Error
	return s.Kind == Customer && r.cfg.Endpoint == EndpointCreatePreview && errors.As(err, &se) &&
		se.HTTPStatusCode == 400 && se.Type == stripe.ErrorTypeInvalidRequest
}

// previewDoc is the part of a preview invoice the line walk needs.
type previewDoc struct {
	ID    string `json:"id"`
	Lines struct {
		Data    []json.RawMessage `json:"data"`
		HasMore bool              `json:"has_more"`
		URL     string            `json:"url"`
	} `json:"lines"`
}

// withAllLines fetches the lines beyond the embedded first page, when
// there are any, and returns the invoice with the complete list.
func (r *Refresher) withAllLines(ctx context.Context, s Subject, raw json.RawMessage) (json.RawMessage, error) {
	var doc previewDoc
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("upcoming: preview %s: decode: %w", s, err)
	}
	if !doc.Lines.HasMore {
		return raw, nil
	}
	path, q := upcomingLinesPath, url.Values{s.Kind.String(): {s.ID}}
	if r.cfg.Endpoint == EndpointCreatePreview {
		if doc.ID == "" {
			return nil, fmt.Errorf("upcoming: preview %s has more lines but no id to list them by", s)
		}
		path, q = "/v1/invoices/"+url.PathEscape(doc.ID)+"/lines", url.Values{}
	}
	lines, err := r.restOfLines(ctx, path, q, doc.Lines.Data)
	if err != nil {
		return nil, fmt.Errorf("upcoming: preview %s: lines: %w", s, err)
	}
	return replaceLines(raw, lines, doc.Lines.URL)
}

// restOfLines pages through a preview's lines after the first page.
func (r *Refresher) restOfLines(ctx context.Context, path string, q url.Values, lines []json.RawMessage) ([]json.RawMessage, error) {
	q.Set("limit", strconv.Itoa(stripeclient.PageSize))
	for more := true; more; {
		last, err := lineID(lines)
		if err != nil {
			return nil, err
		}
		q.Set("starting_after", last)
		p, err := r.cfg.Client.List(ctx, path, q)
		if err != nil {
			return nil, err
		}
		lines = append(lines, p.Data...)
		more = p.HasMore && len(p.Data) > 0
	}
	return lines, nil
}

// lineID returns the id of the last line, the next page's cursor.
func lineID(lines []json.RawMessage) (string, error) {
	if len(lines) == 0 {
		return "", errors.New("has_more on an empty page")
	}
	var l struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(lines[len(lines)-1], &l); err != nil || l.ID == "" {
		return "", errors.New("a line has no id to page from")
	}
	return l.ID, nil
}

// replaceLines returns the invoice with lines set to the complete list.
func replaceLines(raw json.RawMessage, lines []json.RawMessage, listURL string) (json.RawMessage, error) {
	var inv map[string]json.RawMessage
	if err := json.Unmarshal(raw, &inv); err != nil {
		return nil, fmt.Errorf("upcoming: decode preview: %w", err)
	}
	list, err := json.Marshal(map[string]any{"object": "list", "data": lines, "has_more": false,
		"total_count": len(lines), "url": listURL})
	if err != nil {
		return nil, fmt.Errorf("upcoming: encode lines: %w", err)
	}
	inv["lines"] = list
	out, err := json.Marshal(inv)
	if err != nil {
		return nil, fmt.Errorf("upcoming: encode preview: %w", err)
	}
	return out, nil
}
