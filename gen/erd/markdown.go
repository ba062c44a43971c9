package erd

import (
	"bytes"
	"embed"
	"strings"
	"text/template"

	"github.com/stripesync/stripesync/gen/ir"
)

//go:embed templates/*.md.tmpl
var mdFS embed.FS

// mdTemplates are the Markdown page templates; rows are computed in Go.
var mdTemplates = template.Must(template.New("md").Funcs(template.FuncMap{
	"md":    mdText,
	"link":  mdPageLink,
	"links": mdPageLinks,
	"yes":   yesNo,
	"join":  func(s []string) string { return strings.Join(s, ", ") },
}).ParseFS(mdFS, "templates/*.md.tmpl"))

func mdPageLink(l pageLink) string { return "[" + l.Text + "](" + l.Href + ")" }

func mdPageLinks(ls []pageLink) string {
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = mdPageLink(l)
	}
	return strings.Join(parts, ", ")
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// runMD executes a Markdown template into files[path].
func runMD(files map[string][]byte, path, name string, data any) error {
	var b bytes.Buffer
	if err := mdTemplates.ExecuteTemplate(&b, name, data); err != nil {
		return err
	}
	files[path] = b.Bytes()
	return nil
}

func emitReadme(c *catalog, files map[string][]byte) error {
	return runMD(files, readmePath(), "readme.md.tmpl", c.newIndexPage(readmePath(), mdFormat, svgPath("all")))
}

// mdTablePage is a table page with its Mermaid neighbour diagram.
type mdTablePage struct {
	*tablePage
	Mermaid string
}

func emitTableMarkdown(c *catalog, files map[string][]byte) error {
	for _, t := range c.tables {
		page := tableMDPath(t.Name)
		p := mdTablePage{c.newTablePage(t, page, mdFormat), c.tableMermaid(t)}
		if err := runMD(files, page, "table.md.tmpl", p); err != nil {
			return err
		}
	}
	return nil
}

func emitDomainMarkdown(c *catalog, files map[string][]byte) error {
	for _, d := range c.domains {
		page := domainMDPath(d.Slug)
		p := c.newDomainPage(d, page, mdFormat)
		p.Parts = c.domainParts(d)
		if err := runMD(files, page, "domain.md.tmpl", p); err != nil {
			return err
		}
	}
	return nil
}

// statePage documents the runtime's state tables together.
type statePage struct {
	Notice string
	Index  pageLink
	Tables []stateTable
}

// stateTable is one state table on the state page.
type stateTable struct {
	Name, Comment, PrimaryKey string
	Columns                   []columnRow
}

func (c *catalog) newStatePage(page string, f format) *statePage {
	l := linker{page, f}
	p := &statePage{Notice: header(c.schema), Index: pageLink{"Index", rel(page, f.index)}}
	for _, t := range c.state {
		p.Tables = append(p.Tables, stateTable{Name: t.Name, Comment: t.Comment,
			PrimaryKey: strings.Join(t.PrimaryKey, ", "), Columns: columnRows(stateView(t), l)})
	}
	return p
}

// stateView is t without references, which state tables do not document.
func stateView(t *ir.Table) *ir.Table {
	v := *t
	v.ForeignKeys, v.Parent = nil, nil
	return &v
}

func emitStateMarkdown(c *catalog, files map[string][]byte) error {
	return runMD(files, stateMDPath(), "state.md.tmpl", c.newStatePage(stateMDPath(), mdFormat))
}
