package erd

import (
	"bytes"
	"embed"
	"html/template"
	"strings"
)

//go:embed templates/*.html.tmpl
var htmlFS embed.FS

//go:embed assets/style.css
var styleCSS string

//go:embed assets/search.js
var searchJS string

// htmlTemplates are the site's page templates; rows are computed in Go.
var htmlTemplates = template.Must(template.New("html").Funcs(template.FuncMap{
	"desc": htmlText,
	"wbr":  softBreaks,
	"yes":  yesNo,
	"join": func(s []string) string { return strings.Join(s, ", ") },
}).ParseFS(htmlFS, "templates/*.html.tmpl"))

// softBreaks escapes an identifier or path and lets it wrap after "_", "."
// and "/" when a table cell is narrow.
func softBreaks(s string) template.HTML {
	var b strings.Builder
	for _, r := range s {
		b.WriteString(template.HTMLEscapeString(string(r)))
		if r == '_' || r == '.' || r == '/' {
			b.WriteString("<wbr>")
		}
	}
	return template.HTML(b.String())
}

// chrome is what every HTML page shares: head, top bar and footer.
type chrome struct {
	Notice, Title, APIVersion string
	Home, All                 string // links to index.html and the whole-schema page
	CSS                       template.CSS
	Live                      bool // the page runs the search itself (index.html)
}

func (c *catalog) chrome(page, title string) chrome {
	return chrome{Notice: header(c.schema), Title: title, APIVersion: c.schema.APIVersion,
		Home: rel(page, indexHTMLPath()), All: rel(page, allHTMLPath()), CSS: template.CSS(styleCSS)}
}

// runHTML executes an HTML template into files[path].
func runHTML(files map[string][]byte, path, name string, data any) error {
	var b bytes.Buffer
	if err := htmlTemplates.ExecuteTemplate(&b, name, data); err != nil {
		return err
	}
	files[path] = b.Bytes()
	return nil
}

// tableLinks links table names to their HTML pages from the page at path page.
func tableLinks(page string) hrefFunc {
	return func(t string) string { return rel(page, tableHTMLPath(t)) }
}

func emitHTML(c *catalog, files map[string][]byte) error {
	for _, step := range []func(*catalog, map[string][]byte) error{
		emitIndexHTML, emitTableHTML, emitDomainHTML, emitAllHTML, emitStateHTML,
	} {
		if err := step(c, files); err != nil {
			return err
		}
	}
	return nil
}

func emitIndexHTML(c *catalog, files map[string][]byte) error {
	page := indexHTMLPath()
	ch := c.chrome(page, "Index")
	ch.Live = true
	search, err := c.searchIndex()
	if err != nil {
		return err
	}
	return runHTML(files, page, "index.html.tmpl", struct {
		Chrome chrome
		Page   *indexPage
		Search template.JS
		JS     template.JS
	}{ch, c.newIndexPage(page, htmlFormat, allHTMLPath()), template.JS(search), template.JS(searchJS)})
}

func emitTableHTML(c *catalog, files map[string][]byte) error {
	for _, t := range c.tables {
		page := tableHTMLPath(t.Name)
		svg := drawSVG(c.tableScene(t, tableLinks(page)), "", false)
		err := runHTML(files, page, "table.html.tmpl", struct {
			Chrome chrome
			Page   *tablePage
			SVG    template.HTML
		}{c.chrome(page, t.Name), c.newTablePage(t, page, htmlFormat), template.HTML(svg)})
		if err != nil {
			return err
		}
	}
	return nil
}

func emitDomainHTML(c *catalog, files map[string][]byte) error {
	for _, d := range c.domains {
		page := domainHTMLPath(d.Slug)
		svg := drawSVG(c.domainScene(d, tableLinks(page)), "", false)
		err := runHTML(files, page, "domain.html.tmpl", struct {
			Chrome chrome
			Page   *domainPage
			SVG    template.HTML
		}{c.chrome(page, d.Title), c.newDomainPage(d, page, htmlFormat), template.HTML(svg)})
		if err != nil {
			return err
		}
	}
	return nil
}

func emitAllHTML(c *catalog, files map[string][]byte) error {
	page := allHTMLPath()
	domainLinks := func(slug string) string { return rel(page, domainHTMLPath(slug)) }
	svg := drawSVG(c.allScene(tableLinks(page), domainLinks), "", false)
	ch := c.chrome(page, "Whole schema")
	return runHTML(files, page, "all.html.tmpl", struct {
		Chrome chrome
		SVG    template.HTML
	}{ch, template.HTML(svg)})
}

func emitStateHTML(c *catalog, files map[string][]byte) error {
	page := stateHTMLPath()
	return runHTML(files, page, "state.html.tmpl", struct {
		Chrome chrome
		Page   *statePage
	}{c.chrome(page, "State tables"), c.newStatePage(page, htmlFormat)})
}
