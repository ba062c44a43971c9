package erd

import "github.com/stripesync/stripesync/gen/ir"

// Limits that keep diagrams legible.
const (
	maxNeighbours   = 30   // neighbour tables drawn around one table
	maxFocusRows    = 14   // column rows in the table a page is about
	maxDomainRows   = 8    // column rows per table in a domain diagram
	focusPlainCols  = 6    // non-key columns shown for the focus table
	domainWidth     = 1500 // widest row of a domain diagram
	tableWidth      = 1100 // widest row of a table's neighbour diagram (fits the page)
	clusterWidth    = 760  // widest row inside a domain of the whole-schema diagram
	allWidth        = 3200 // widest row of domains in the whole-schema diagram
	clusterPadTop   = 40
	clusterPadSides = 16
)

// hrefFunc links a table name to its page, relative to the page drawing it.
type hrefFunc func(table string) string

// sceneSpec describes a diagram before layout.
type sceneSpec struct {
	title    string
	names    []string
	edges    []*edge
	rows     func(t *ir.Table) []row
	href     hrefFunc
	focus    string
	maxWidth int
}

// build lays out the tables of a spec and returns the scene.
func (c *catalog) build(sp sceneSpec) *scene {
	sc := &scene{title: sp.title}
	index := map[string]int{}
	boxes := make([]size, len(sp.names))
	for i, name := range sp.names {
		t := c.byName[name]
		index[name] = i
		n := node{name: name, tooltip: summary(t), hue: c.domain[name].hue, focus: name == sp.focus, rows: sp.rows(t)}
		if sp.href != nil {
			n.href = sp.href(name)
		}
		sz := boxSize(&n)
		n.w, n.h, boxes[i] = sz.w, sz.h, sz
		sc.nodes = append(sc.nodes, n)
	}
	var links []link
	for _, e := range sp.edges {
		from, to := index[e.From], index[e.To]
		links = append(links, link{from, to})
		sc.edges = append(sc.edges, sceneEdge{from: from, to: to, kind: e.Kind, tooltip: edgeTooltip(e)})
	}
	p := layout(boxes, links, sp.maxWidth)
	for i := range sc.nodes {
		sc.nodes[i].x, sc.nodes[i].y = p.x[i], p.y[i]
	}
	sc.w, sc.h = p.w, p.h
	fitLegend(sc)
	return sc
}

// legendH is the room the legend needs under a drawing with edges.
func legendH(sc *scene) int {
	if len(sc.edges) == 0 {
		return 0
	}
	return 22
}

// fitLegend makes room for the legend below and, if needed, beside the drawing.
func fitLegend(sc *scene) {
	if len(sc.edges) > 0 {
		sc.h += legendH(sc)
		sc.w = max(sc.w, legendW(sc)+2*margin)
	}
}

func edgeTooltip(e *edge) string {
	return e.From + " " + e.Kind.verb() + " " + e.To + " (" + e.label() + ")"
}

// tableScene draws t with its neighbours, distance one.
func (c *catalog) tableScene(t *ir.Table, href hrefFunc) *scene {
	names, edges := c.neighbourhood(t.Name)
	linking := edgeColumns(c, edges)
	rows := func(n *ir.Table) []row {
		if n == t {
			return boxRows(n, fkColumns(n), focusPlainCols, maxFocusRows)
		}
		return boxRows(n, linking[n.Name], 0, maxDomainRows)
	}
	return c.build(sceneSpec{title: t.Name + " and its neighbours", names: names, edges: edges,
		rows: rows, href: href, focus: t.Name, maxWidth: tableWidth})
}

// neighbourhood returns t, its first neighbours (capped) and the edges that
// touch t among them.
func (c *catalog) neighbourhood(t string) ([]string, []*edge) {
	nb := c.neighbours(t)
	if len(nb) > maxNeighbours {
		nb = nb[:maxNeighbours]
	}
	names := append([]string{t}, nb...)
	var edges []*edge
	for _, e := range edgesAmong(c, names) {
		if e.From == t || e.To == t {
			edges = append(edges, e)
		}
	}
	return names, edges
}

// domainScene draws every table of a domain with its key columns.
func (c *catalog) domainScene(d *domain, href hrefFunc) *scene {
	names := tableNames(d.Tables)
	edges := edgesAmong(c, names)
	return c.build(sceneSpec{title: d.Title + " tables", names: names, edges: edges,
		rows: func(t *ir.Table) []row { return boxRows(t, fkColumns(t), 0, maxDomainRows) },
		href: href, maxWidth: domainWidth})
}

// boxRows lists t's key columns, the columns in show, and up to plain
// other columns, at most limit rows with a last row counting the rest.
func boxRows(t *ir.Table, show map[string]bool, plain, limit int) []row {
	fks := fkColumns(t)
	var rows []row
	more := 0
	for _, col := range t.Columns {
		pk := isKeyColumn(t, col.Name)
		if !pk && !show[col.Name] {
			if plain == 0 || fks[col.Name] || col.Kind == ir.ColBookkeeping || col.Kind == ir.ColExtra {
				continue
			}
			plain--
		}
		if len(rows) == limit {
			more++
			continue
		}
		rows = append(rows, row{key: keyBadge(pk, fks[col.Name]), name: col.Name, typ: col.Type})
	}
	if more > 0 {
		rows[limit-1] = row{name: "… " + itoa(more+1) + " more"}
	}
	return rows
}

func keyBadge(pk, fk bool) string {
	switch {
	case pk:
		return "PK"
	case fk:
		return "FK"
	}
	return ""
}

func tableNames(ts []*ir.Table) []string {
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = t.Name
	}
	return names
}
