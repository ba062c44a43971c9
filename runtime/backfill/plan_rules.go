package backfill

import (
	"fmt"
	"net/url"

	"github.com/stripesync/stripesync/internal/syncdb"
)

// embeddedList returns the always-embedded nested list a child table's
// rows come from, or nil: such tables are filled by their parent's job.
func embeddedList(t *syncdb.Table) *syncdb.NestedList {
	if t.Kind != syncdb.KindChild || t.Parent == nil || t.Parent.Table == nil || t.Parent.Field == "" {
		return nil
	}
	for _, nl := range t.Parent.Table.NestedLists {
		if nl.Field == t.Parent.Field && !nl.ExpandOnly && nl.ListPath != "" {
			return nl
		}
	}
	return nil
}

// nestedFor returns the nested list of parent whose items are rows of the
// child table t, if t is such a child table.
func nestedFor(t, parent *syncdb.Table) *syncdb.NestedList {
	if t.Parent == nil || t.Parent.Table != parent || t.Parent.Field == "" {
		return nil
	}
	for _, nl := range parent.NestedLists {
		if nl.Field == t.Parent.Field {
			return nl
		}
	}
	return nil
}

// usableLists drops lists whose parent parameter has no parent table.
func usableLists(t *syncdb.Table) []*syncdb.ListSource {
	var out []*syncdb.ListSource
	for _, l := range t.Lists {
		if l.ParentParam != "" && l.ParentTable == nil {
			continue
		}
		out = append(out, l)
	}
	return out
}

func firstTopLevel(lists []*syncdb.ListSource) *syncdb.ListSource {
	for _, l := range lists {
		if l.ParentParam == "" {
			return l
		}
	}
	return nil
}

// parentTables lists the distinct parent tables of parent-scoped lists.
func parentTables(lists []*syncdb.ListSource) []string {
	var out []string
	for _, l := range lists {
		if l.ParentTableName != "" && !contains(out, l.ParentTableName) {
			out = append(out, l.ParentTableName)
		}
	}
	return out
}

// bestScoped picks, among the lists under the given parent, the one whose
// items cover the most tables (a customer's sources list fills cards, bank
// accounts and sources in one walk), the first on ties.
func bestScoped(lists []*syncdb.ListSource, parent string) *syncdb.ListSource {
	var best *syncdb.ListSource
	for _, l := range lists {
		if l.ParentTableName != parent {
			continue
		}
		if best == nil || len(l.ItemTypes) > len(best.ItemTypes) {
			best = l
		}
	}
	return best
}

// listTables returns every table listing the path, sorted by name.
func listTables(reg *syncdb.Registry, path string) []*syncdb.Table {
	var out []*syncdb.Table
	for _, t := range reg.Tables {
		for _, l := range t.Lists {
			if l.Path == path {
				out = append(out, t)
				break
			}
		}
	}
	return out
}

// fills returns the tables plus the child tables embedded in their objects.
func fills(reg *syncdb.Registry, tables []*syncdb.Table) []*syncdb.Table {
	out := append([]*syncdb.Table(nil), tables...)
	for i := 0; i < len(out); i++ {
		for _, c := range out[i].Children {
			if embeddedList(c) != nil && !containsTable(out, c) {
				out = append(out, c)
			}
		}
	}
	return out
}

// selectJobs keeps the jobs filling any of the named tables.
func selectJobs(reg *syncdb.Registry, jobs []*Job, names []string) ([]*Job, error) {
	want := map[*syncdb.Table]bool{}
	for _, n := range names {
		t := reg.Table(n)
		if t == nil {
			return nil, fmt.Errorf("%w: %q", ErrUnknownTable, n)
		}
		want[t] = true
	}
	var out []*Job
	for _, j := range jobs {
		for _, t := range j.Fills {
			if want[t] {
				out = append(out, j)
				break
			}
		}
	}
	return out, nil
}

func params(m map[string]string) url.Values {
	q := url.Values{}
	for k, v := range m {
		q.Set(k, v)
	}
	return q
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func containsTable(list []*syncdb.Table, t *syncdb.Table) bool {
	for _, x := range list {
		if x == t {
			return true
		}
	}
	return false
}

// Tables returns the distinct tables the jobs fill, in job order.
func Tables(jobs []*Job) []*syncdb.Table {
	var out []*syncdb.Table
	for _, j := range jobs {
		for _, t := range j.Fills {
			if !containsTable(out, t) {
				out = append(out, t)
			}
		}
	}
	return out
}
