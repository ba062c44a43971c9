package source_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/runtime/source"
	"github.com/stripesync/stripesync/runtime/synctest"
)

// TestUnpaginatedSendsNoLimit: a list the registry marks unpaginated is
// requested without limit, whether walked as a list or fetched as a
// parent's nested list; other lists get limit=100.
func TestUnpaginatedSendsNoLimit(t *testing.T) {
	var mu sync.Mutex
	queries := map[string]url.Values{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		queries[r.URL.Path] = r.URL.Query()
		mu.Unlock()
		fmt.Fprintf(w, `{"object":"list","url":%q,"has_more":false,"data":[]}`, r.URL.Path)
	}))
	defer srv.Close()
	reg := generated.Registry
	src, err := source.New(source.Config{Client: synctest.NewClient(t, srv.URL), Registry: reg})
	if err != nil {
		t.Fatal(err)
	}
	types := reg.Table("reporting_report_types")
	top := types.Lists[0]
	l := &source.List{Path: top.Path, Tables: []*syncdb.Table{types}, Unpaginated: top.Unpaginated}
	if _, err := src.ListPage(t.Context(), l, "", 0); err != nil {
		t.Fatal(err)
	}
	caps := reg.Table("capabilities")
	for _, parent := range []string{"acct_1", "acct_2"} {
		nl := &syncdb.NestedList{Field: "capabilities", ListPath: caps.Lists[0].Path, ListParam: "account",
			Unpaginated: parent == "acct_1", Tables: []*syncdb.Table{caps}, Parent: reg.Table("accounts")}
		if _, err := src.NestedList(t.Context(), nl, parent); err != nil {
			t.Fatal(err)
		}
	}
	for path, want := range map[string]string{
		"/v1/reporting/report_types":       "",
		"/v1/accounts/acct_1/capabilities": "",
		"/v1/accounts/acct_2/capabilities": "100",
	} {
		q, ok := queries[path]
		if !ok || q.Get("limit") != want {
			t.Errorf("%s: query %v, want limit %q", path, q, want)
		}
	}
}
