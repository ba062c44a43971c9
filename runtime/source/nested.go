package source

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/stripesync/stripesync/internal/syncdb"
)

// complete fetches, from their own endpoints, every nested list of r's
// objects whose embedded copy is truncated (has_more), so nothing is cut
// at the first page. Lists are fetched concurrently, up to
// NestedConcurrency at once.
func (s *Source) complete(ctx context.Context, r *Result) error {
	var todo []*syncdb.ListRows
	for _, o := range r.Objects {
		for _, l := range o.Lists {
			if l.HasMore && l.List.ListPath != "" && l.ParentID != "" {
				todo = append(todo, l)
			}
		}
	}
	if len(todo) == 0 {
		return nil
	}
	lists := make([]*CompleteList, len(todo))
	errs := make([]error, len(todo))
	sem := make(chan struct{}, s.cfg.NestedConcurrency)
	var wg sync.WaitGroup
	for i, l := range todo {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			lists[i], errs[i] = s.NestedList(ctx, l.List, l.ParentID)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	r.Lists = append(r.Lists, lists...)
	return nil
}

// NestedList fetches every item of one parent's nested list from the
// list's own endpoint.
func (s *Source) NestedList(ctx context.Context, nl *syncdb.NestedList, parentID string) (*CompleteList, error) {
	path, params, err := splitURL(syncdb.ListURL(nl, parentID))
	if err != nil {
		return nil, fmt.Errorf("source: nested list %s.%s: %w", nl.Parent.Name, nl.Field, err)
	}
	l := &List{Path: path, Params: params, Tables: nl.Tables, ParentID: parentID, Unpaginated: nl.Unpaginated}
	res, _, err := s.ListAll(ctx, l)
	if err != nil {
		return nil, fmt.Errorf("source: nested list %s.%s of %s: %w", nl.Parent.Name, nl.Field, parentID, err)
	}
	m := syncdb.Meta{Version: res.Version, APIVersion: s.APIVersion(), ParentID: parentID}
	cl := &CompleteList{List: nl, ParentID: parentID, Meta: m, Items: res.Objects}
	for _, it := range cl.Items {
		if it.Row != nil {
			it.Row.SetParent(parentID)
		}
	}
	return cl, nil
}

// splitURL splits "/v1/x?param=id" into the path and its query.
func splitURL(u string) (string, url.Values, error) {
	if u == "" {
		return "", nil, fmt.Errorf("no list endpoint")
	}
	path, rawQuery, _ := strings.Cut(u, "?")
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return "", nil, err
	}
	return path, q, nil
}
