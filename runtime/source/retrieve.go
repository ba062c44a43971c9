package source

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/stripe/stripe-go/v82"

	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/runtime/stripeclient"
)

// Retrieve fetches one object from path (see ObjectPath) at the pinned API
// version, completes its truncated nested lists and returns it stamped with
// the fetch version. An object Stripe no longer has (404 resource_missing,
// or a deleted stub) comes back as a deletion with the fetch version.
func (s *Source) Retrieve(ctx context.Context, t *syncdb.Table, id, path string) (*Result, error) {
	version := FetchVersion(s.Now())
	m := syncdb.Meta{Version: version, APIVersion: s.APIVersion()}
	var q url.Values
	if fields := ExpandLists(t); len(fields) > 0 {
		q = url.Values{"expand[]": fields}
	}
	raw, err := s.cfg.Client.Get(ctx, path, q)
	if IsMissing(err) {
		return &Result{Version: version, Objects: []*syncdb.Object{{Table: t, ID: id, Deleted: true, Meta: m}}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("source: retrieve %s %s: %w", t.Name, id, err)
	}
	obj, err := s.decode(raw, t, m)
	if err != nil {
		return nil, fmt.Errorf("source: retrieve %s %s: %w", t.Name, id, err)
	}
	r := &Result{Version: version, Objects: []*syncdb.Object{obj}}
	if err := s.complete(ctx, r); err != nil {
		return nil, err
	}
	return r, nil
}

// ExpandLists returns the fields of t's nested lists that Stripe sends
// only when expanded and whose items are rows of t's child tables
// (checkout session and payment link line items): a retrieve expands them
// so the children are fetched with their parent.
func ExpandLists(t *syncdb.Table) []string {
	var out []string
	for _, nl := range t.NestedLists {
		if !nl.ExpandOnly {
			continue
		}
		for _, c := range nl.Tables {
			if c.Kind == syncdb.KindChild && c.Parent != nil && c.Parent.Table == t && c.Parent.Field == nl.Field {
				out = append(out, nl.Field)
				break
			}
		}
	}
	return out
}

// IsMissing reports whether err is Stripe saying the object does not exist
// (404 with code resource_missing), as opposed to an unknown URL.
func IsMissing(err error) bool {
	if !errors.Is(err, stripeclient.ErrNotFound) {
		return false
	}
	var se *stripe.Error
	return errors.As(err, &se) && se.Code == stripe.ErrorCodeResourceMissing
}

// IsCursorMissing reports whether a list failed because the object named
// by starting_after no longer exists.
func IsCursorMissing(err error) bool {
	var se *stripe.Error
	return errors.As(err, &se) && se.Code == stripe.ErrorCodeResourceMissing && se.Param == "starting_after"
}

// IsParentMissing reports whether a list failed because the parent it is
// scoped to does not exist (resource_missing, as a 404 for a path
// parameter or a 400 for a filter): the parent was deleted meanwhile.
func IsParentMissing(err error) bool {
	var se *stripe.Error
	return errors.As(err, &se) && se.Code == stripe.ErrorCodeResourceMissing &&
		se.Param != "starting_after" && se.Param != "ending_before"
}

// ObjectPath returns the endpoint retrieving one object of t whose JSON
// is raw (nil when unknown): the table's retrieve endpoint taking the id
// alone (syncdb.Table.RetrievePath) when the spec has one; else, for objects
// listed only under a parent, the first parent path whose parent the object
// names, plus "/{id}" (a card under its customer or its account).
// ErrNoRetrieve means the spec has no such endpoint or the object names none
// of its possible parents.
func ObjectPath(t *syncdb.Table, id string, raw []byte) (string, error) {
	if p := t.RetrievePath; p != "" {
		return p[:strings.LastIndexByte(p, '{')] + id, nil
	}
	for _, l := range t.Lists {
		p := "{" + l.ParentParam + "}"
		if strings.Count(l.Path, "{") != 1 || !strings.Contains(l.Path, p) {
			continue
		}
		if parent := columnString(t, l.ParentColumn, raw); parent != "" {
			return strings.Replace(l.Path, p, parent, 1) + "/" + id, nil
		}
	}
	return "", fmt.Errorf("%w: %s %s (no endpoint by id alone, and it names no parent of a scoped list)", ErrNoRetrieve, t.Name, id)
}

// columnString reads the source value of a column from an object's JSON.
func columnString(t *syncdb.Table, column string, raw []byte) string {
	if raw == nil || column == "" {
		return ""
	}
	for _, c := range t.Columns {
		if c.Name == column && len(c.Path) > 0 {
			return stringAt(raw, c.Path)
		}
	}
	return ""
}

// stringAt reads the string (or expanded object's id) at a JSON path.
func stringAt(raw []byte, path []string) string {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return ""
	}
	for _, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = m[k]
	}
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		id, _ := x["id"].(string)
		return id
	}
	return ""
}
