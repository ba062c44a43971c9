package syncdb

import (
	"strings"

	"github.com/jackc/pgx/v5/pgtype"
)

// pendingURL is an embedded list's url, checked against the url derived
// from the parent id once the id is known.
type pendingURL struct {
	list *NestedList
	url  string
	raw  []byte
}

// List reads an embedded Stripe list: its items become objects of their
// tables (collected for the parent's Object) and the result is the list's
// has_more, for the parent's has_more column. A null or absent list leaves
// the children alone.
func (d *Decoder) List(nl *NestedList, m *Meta) pgtype.Bool {
	if !d.Enter() {
		return pgtype.Bool{}
	}
	var hasMore pgtype.Bool
	var rows *ListRows
	for d.Next() {
		switch d.Key() {
		case "object":
			d.Const("list")
		case "has_more":
			hasMore = d.Bool()
		case "url":
			d.listURL(nl)
		case "data":
			rows = d.items(nl, m)
		default:
			d.Unknown()
		}
	}
	if rows != nil {
		rows.HasMore = !hasMore.Valid || hasMore.Bool
		d.cur.lists = append(d.cur.lists, rows)
	}
	return hasMore
}

func (d *Decoder) listURL(nl *NestedList) {
	start := d.s.pos
	v := d.Text()
	if v.Valid {
		d.cur.urls = append(d.cur.urls, pendingURL{list: nl, url: v.String, raw: d.s.data[start:d.s.pos]})
	}
}

// items decodes the list's data array. When an item's type has no table
// the whole array stays in _extra and no items are returned.
func (d *Decoder) items(nl *NestedList, m *Meta) *ListRows {
	s := &d.s
	if s.peek() != '[' || len(nl.Tables) > 1 && !d.routable(nl) {
		d.Unknown()
		return nil
	}
	rows := &ListRows{List: nl}
	s.pos++
	for i := 0; s.err == nil && s.peek() != ']'; i++ {
		if i > 0 && !s.expect(',') {
			return nil
		}
		t := nl.Tables[0]
		if len(nl.Tables) > 1 {
			t = nl.ItemTable(s.objectType())
		}
		im := Meta{Version: m.Version, At: m.At, APIVersion: m.APIVersion, AccountID: m.AccountID, Position: i}
		rows.Items = append(rows.Items, d.object(t, &im))
	}
	s.expect(']')
	return rows
}

// routable reports whether every item of the array at the current position
// is an object with a table in the list.
func (d *Decoder) routable(nl *NestedList) bool {
	s := &d.s
	start := s.pos
	defer func() { s.pos = start }()
	s.pos++
	for s.err == nil && s.peek() != ']' {
		if s.peek() != '{' {
			return false
		}
		if len(nl.Tables) > 1 && nl.ItemTable(s.objectType()) == nil {
			return false
		}
		s.skip()
		if s.peek() == ',' {
			s.pos++
		}
	}
	return s.err == nil
}

// checkURLs keeps list urls that differ from the derived one in _extra.
func (d *Decoder) checkURLs() {
	st := d.cur
	for _, u := range st.urls {
		if u.url != ListURL(u.list, st.id) {
			st.extra = append(st.extra, entry{path: []string{u.list.Field, "url"}, raw: u.raw})
		}
	}
	st.urls = nil
}

// ListURL is the url Stripe gives an embedded list of the parent with the
// given id: the list endpoint with the parent id filled in.
func ListURL(nl *NestedList, parentID string) string {
	if nl.ListPath == "" {
		return ""
	}
	if p := "{" + nl.ListParam + "}"; strings.Contains(nl.ListPath, p) {
		return strings.Replace(nl.ListPath, p, parentID, 1)
	}
	return nl.ListPath + "?" + nl.ListParam + "=" + parentID
}
