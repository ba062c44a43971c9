package erd

import (
	"sort"

	"github.com/stripesync/stripesync/gen/ir"
)

// tableLine is one table in a listing: a link and what a row is.
type tableLine struct {
	Link    pageLink
	Kind    string
	Summary string
	Columns int
}

// domainSection is one domain in the index.
type domainSection struct {
	Link   pageLink
	Slug   string
	Blurb  string
	Tables []tableLine
}

// indexPage is the README and index.html.
type indexPage struct {
	Notice, APIVersion string
	Tables             int
	Domains            []domainSection
	State              pageLink
	StateTables        []string
	All                pageLink // the whole-schema diagram
}

// newIndexPage computes the index for the page at path page.
func (c *catalog) newIndexPage(page string, f format, all string) *indexPage {
	l := linker{page, f}
	p := &indexPage{Notice: header(c.schema), APIVersion: c.schema.APIVersion, Tables: len(c.tables),
		State: pageLink{"state tables", rel(page, f.state)}, All: pageLink{"whole schema", rel(page, all)}}
	for _, d := range c.domains {
		p.Domains = append(p.Domains, domainSection{Link: l.domain(d), Slug: d.Slug, Blurb: d.Blurb,
			Tables: tableLines(d.Tables, l)})
	}
	p.StateTables = tableNames(c.state)
	return p
}

func tableLines(ts []*ir.Table, l linker) []tableLine {
	lines := make([]tableLine, len(ts))
	for i, t := range ts {
		lines[i] = tableLine{Link: l.table(t.Name), Kind: string(t.Kind), Summary: summary(t), Columns: len(t.Columns)}
	}
	return lines
}

// crossRow is a relationship leaving or entering a domain; Other is the
// domain of the end outside it.
type crossRow struct {
	From, To, Other pageLink
	Verb, Fields    string
}

// domainPage is a domain's viewpoint page.
type domainPage struct {
	Notice, Slug, Title, Blurb string
	Index                      pageLink
	Tables                     []tableLine
	Cross                      []crossRow
	Parts                      []diagramPart
	SVG                        string // link to the SVG file (Markdown)
}

// diagramPart is one Mermaid diagram of a domain split for legibility.
type diagramPart struct {
	Title   string
	Mermaid string
}

// newDomainPage computes d's page for the page at path page.
func (c *catalog) newDomainPage(d *domain, page string, f format) *domainPage {
	l := linker{page, f}
	p := &domainPage{Notice: header(c.schema), Slug: d.Slug, Title: d.Title, Blurb: d.Blurb,
		Index: pageLink{"Index", rel(page, f.index)}, Tables: tableLines(d.Tables, l),
		SVG: rel(page, svgPath(d.Slug))}
	for _, e := range c.edges {
		from, to := c.domain[e.From], c.domain[e.To]
		if (from == d) == (to == d) {
			continue
		}
		other := to
		if to == d {
			other = from
		}
		p.Cross = append(p.Cross, crossRow{From: l.table(e.From), To: l.table(e.To),
			Other: l.domain(other), Verb: e.Kind.verb(), Fields: e.label()})
	}
	// Relationships leaving the domain first, then those entering it.
	sort.SliceStable(p.Cross, func(i, j int) bool {
		return c.domain[p.Cross[i].From.Text] == d && c.domain[p.Cross[j].From.Text] != d
	})
	return p
}
