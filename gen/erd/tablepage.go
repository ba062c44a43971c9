package erd

import (
	"sort"
	"strings"

	"github.com/stripesync/stripesync/gen/ir"
)

// pageLink is a link from the page being rendered to another page.
type pageLink struct {
	Text string
	Href string
}

// format says which flavour of page links point at.
type format struct {
	table  func(string) string // path of a table page
	domain func(string) string // path of a domain page
	index  string
	state  string
}

var (
	mdFormat   = format{tableMDPath, domainMDPath, readmePath(), stateMDPath()}
	htmlFormat = format{tableHTMLPath, domainHTMLPath, indexHTMLPath(), stateHTMLPath()}
)

// linker makes links relative to one page.
type linker struct {
	page string
	f    format
}

func (l linker) table(name string) pageLink { return pageLink{name, rel(l.page, l.f.table(name))} }
func (l linker) domain(d *domain) pageLink  { return pageLink{d.Title, rel(l.page, l.f.domain(d.Slug))} }
func (l linker) tables(names []string) []pageLink {
	out := make([]pageLink, len(names))
	for i, n := range names {
		out[i] = l.table(n)
	}
	return out
}

// tablePage is everything a table's page shows, computed once per format.
type tablePage struct {
	Notice, Name, Kind, Resource, ObjectType, Summary, Comment string
	Domain                                                     pageLink
	Index                                                      pageLink
	PrimaryKey                                                 string
	Deletable                                                  bool
	Columns                                                    []columnRow
	Out, In                                                    []keyRow
	Parent                                                     *parentRow
	Children                                                   []keyRow
	Nested                                                     []nestedRow
	Lists                                                      []listRow
	ListNotes                                                  []listNote
	Events                                                     []string
	Indexes                                                    []ir.Index
	Constants                                                  []constRow
	Omitted                                                    int // neighbours left out of the diagram
}

// columnRow is one column with the decision that made it.
type columnRow struct {
	Name, Type, Path, Stored, Kind, Rule, Reason, Comment, Key string
	Nullable                                                   bool
	Refs                                                       []pageLink
}

// keyRow is one foreign key, seen from either end.
type keyRow struct {
	Columns, Field, RefColumns string
	Table                      pageLink
}

// parentRow is a child table's tie to its parent.
type parentRow struct {
	Table                         pageLink
	Column, Field, PositionColumn string
}

// nestedRow is one embedded list of the table.
type nestedRow struct {
	Field, ItemTypes, ListPath, ListParam, HasMoreColumn string
	Tables                                               []pageLink
	ExpandOnly                                           bool
}

// listRow is one list endpoint feeding the table.
type listRow struct {
	Path, ParentParam, Params, ItemTypes string
	Parent                               *pageLink
	Created                              bool
}

// constRow is one field with a fixed value.
type constRow struct{ Path, Value string }

// newTablePage computes t's page for the page at path page.
func (c *catalog) newTablePage(t *ir.Table, page string, f format) *tablePage {
	l := linker{page, f}
	p := &tablePage{
		Notice: header(c.schema), Name: t.Name, Kind: string(t.Kind), Resource: t.Resource,
		ObjectType: t.ObjectType, Summary: summary(t), Comment: t.Comment,
		Domain: l.domain(c.domain[t.Name]), Index: pageLink{"Index", rel(page, f.index)},
		PrimaryKey: strings.Join(t.PrimaryKey, ", "), Deletable: t.Deletable, Events: t.EventTypes,
	}
	p.Columns = columnRows(t, l)
	p.Out, p.In, p.Children = c.keyRows(t, l)
	p.Parent = parentOf(t, l)
	p.Nested = nestedRows(t, l)
	p.Lists = listRows(t, l)
	p.ListNotes = listNotes(t)
	for _, ix := range t.Indexes {
		p.Indexes = append(p.Indexes, *ix)
	}
	for _, k := range t.Constants {
		p.Constants = append(p.Constants, constRow{strings.Join(k.Path, "."), k.Value})
	}
	p.Omitted = max(0, len(c.neighbours(t.Name))-maxNeighbours)
	return p
}

// columnRows lists t's columns; reference columns link to the tables they name.
func columnRows(t *ir.Table, l linker) []columnRow {
	refs := map[string][]string{}
	for _, fk := range t.ForeignKeys {
		for _, col := range fk.Columns {
			refs[col] = append(refs[col], fk.RefTable)
		}
	}
	if t.Parent != nil {
		refs[t.Parent.Column] = append(refs[t.Parent.Column], t.Parent.Table)
	}
	fks := fkColumns(t)
	rows := make([]columnRow, 0, len(t.Columns))
	for _, col := range t.Columns {
		rows = append(rows, columnRow{
			Name: col.Name, Type: col.Type, Path: jsonPath(col), Stored: storedAs(col), Kind: string(col.Kind),
			Rule: col.Rule, Reason: col.Reason, Comment: col.Comment, Nullable: col.Nullable,
			Key: keyBadge(isKeyColumn(t, col.Name), fks[col.Name]), Refs: l.tables(uniqueSorted(refs[col.Name])),
		})
	}
	return rows
}

// keyRows lists t's foreign keys, the keys of other tables pointing at t, and
// the child tables filled from t's nested lists.
func (c *catalog) keyRows(t *ir.Table, l linker) (out, in, children []keyRow) {
	for _, fk := range t.ForeignKeys {
		out = append(out, keyRow{Columns: strings.Join(fk.Columns, ", "), Field: fk.Field,
			RefColumns: strings.Join(fk.RefColumns, ", "), Table: l.table(fk.RefTable)})
	}
	for _, o := range c.tables {
		for _, fk := range o.ForeignKeys {
			if fk.RefTable == t.Name {
				in = append(in, keyRow{Columns: strings.Join(fk.Columns, ", "), Field: fk.Field,
					RefColumns: strings.Join(fk.RefColumns, ", "), Table: l.table(o.Name)})
			}
		}
		if p := o.Parent; p != nil && p.Table == t.Name {
			children = append(children, keyRow{Columns: p.Column, Field: p.Field, Table: l.table(o.Name)})
		}
	}
	return out, in, children
}

func parentOf(t *ir.Table, l linker) *parentRow {
	if t.Parent == nil {
		return nil
	}
	p := t.Parent
	return &parentRow{Table: l.table(p.Table), Column: p.Column, Field: p.Field, PositionColumn: p.PositionColumn}
}

func nestedRows(t *ir.Table, l linker) []nestedRow {
	var rows []nestedRow
	for _, nl := range t.NestedLists {
		rows = append(rows, nestedRow{Field: nl.Field, ItemTypes: strings.Join(nl.ItemTypes, ", "),
			ListPath: nl.ListPath, ListParam: nl.ListParam, HasMoreColumn: nl.HasMoreColumn,
			Tables: l.tables(nl.Tables), ExpandOnly: nl.ExpandOnly})
	}
	return rows
}

func listRows(t *ir.Table, l linker) []listRow {
	var rows []listRow
	for _, ls := range t.Lists {
		r := listRow{Path: ls.Path, ParentParam: ls.ParentParam, Params: queryString(ls.Params),
			ItemTypes: strings.Join(ls.ItemTypes, ", "), Created: ls.Created}
		if ls.ParentTable != "" {
			pl := l.table(ls.ParentTable)
			r.Parent = &pl
		}
		rows = append(rows, r)
	}
	return rows
}

// queryString renders fixed list parameters sorted by name.
func queryString(params map[string]string) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, k := range keys {
		keys[i] = k + "=" + params[k]
	}
	return strings.Join(keys, "&")
}

func uniqueSorted(s []string) []string {
	set := map[string]bool{}
	for _, v := range s {
		set[v] = true
	}
	return sortedKeys(set)
}
