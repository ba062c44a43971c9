package stripetest

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// TestEveryListPathServesItsObjects creates one object for every list
// endpoint of the pinned spec (under a parent where the list needs one) and
// checks the endpoint answers 200 and lists it.
func TestEveryListPathServesItsObjects(t *testing.T) {
	s := NewTestServer(t)
	m := testModel(t)
	if len(m.listList) < 100 {
		t.Fatalf("only %d list endpoints", len(m.listList))
	}
	for _, d := range m.listList {
		if d.events {
			continue
		}
		t.Run(strings.TrimPrefix(d.path, "/v1/"), func(t *testing.T) {
			parent := ""
			var opts []Option
			if d.group.parent != nil {
				parent = mustCreate(t, s, d.group.parent.name, nil).ID
				opts = append(opts, Parent(parent))
			}
			child := mustCreate(t, s, d.group.kinds[0].name, nil, opts...)
			path, q := listRequest(d, parent, child)
			ids := getList(t, s, path, q).ids(t)
			if !slices.Contains(ids, child.ID) {
				t.Errorf("%s?%s does not list %s (got %d items)", path, q.Encode(), child.ID, len(ids))
			}
		})
	}
}

// listRequest builds a request for d: the parent for the scope, the child's
// own values for other required filters, placeholders otherwise.
func listRequest(d *listDef, parent string, child Object) (string, url.Values) {
	path, q := d.path, url.Values{}
	for _, p := range d.op.PathParams {
		v := "x"
		if p == d.scopeParam {
			v = parent
		}
		path = strings.Replace(path, "{"+p+"}", v, 1)
	}
	for _, p := range d.op.RequiredParams() {
		switch {
		case p == d.scopeParam && parent != "":
			q.Set(p, parent)
		case p == "scope":
			q.Set("scope[type]", "account")
		case d.filterable[p]:
			q.Set(p, refID(rawField(child, p)))
		default:
			q.Set(p, "x")
		}
	}
	if d.scopeParam == "" || d.scopeInPath {
		q.Set("limit", "100")
	}
	return path, q
}

func rawField(o Object, name string) json.RawMessage {
	var m map[string]json.RawMessage
	_ = json.Unmarshal(o.JSON, &m)
	return m[name]
}
