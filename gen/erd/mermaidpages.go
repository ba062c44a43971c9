package erd

import (
	"sort"
	"strings"

	"github.com/stripesync/stripesync/gen/ir"
)

// maxDiagramTables is the most tables one Mermaid diagram of a domain shows;
// larger domains are split into parts of connected tables.
const maxDiagramTables = 40

// tableMermaid is t's neighbour diagram: t with its keys and a few columns,
// each neighbour with its key and the columns joining it to t.
func (c *catalog) tableMermaid(t *ir.Table) string {
	names, edges := c.neighbourhood(t.Name)
	linking := edgeColumns(c, edges)
	ents := make([]mEntity, len(names))
	for i, n := range names {
		if n == t.Name {
			ents[i] = mermaidEntity(t, fkColumns(t), focusPlainCols)
		} else {
			ents[i] = mermaidEntity(c.byName[n], linking[n], 0)
		}
	}
	var b strings.Builder
	writeMermaid(&b, ents, edges)
	return b.String()
}

// domainParts splits a domain into diagrams of at most maxDiagramTables
// tables, keeping connected tables together.
func (c *catalog) domainParts(d *domain) []diagramPart {
	order := c.connectedOrder(tableNames(d.Tables))
	n := (len(order) + maxDiagramTables - 1) / maxDiagramTables
	var parts []diagramPart
	for i := 0; i < n; i++ {
		chunk := order[len(order)*i/n : len(order)*(i+1)/n]
		title := d.Title
		if n > 1 {
			title += " (part " + itoa(i+1) + " of " + itoa(n) + ")"
		}
		parts = append(parts, diagramPart{Title: title, Mermaid: c.namesMermaid(chunk)})
	}
	return parts
}

// namesMermaid draws the given tables with their keys and the edges among them.
func (c *catalog) namesMermaid(names []string) string {
	edges := edgesAmong(c, names)
	linking := edgeColumns(c, edges)
	ents := make([]mEntity, len(names))
	for i, n := range names {
		ents[i] = mermaidEntity(c.byName[n], linking[n], 0)
	}
	var b strings.Builder
	writeMermaid(&b, ents, edges)
	return b.String()
}

// connectedOrder lists names so that tables joined by edges come together:
// components largest first, each walked breadth-first from its
// best-connected table.
func (c *catalog) connectedOrder(names []string) []string {
	in := map[string]bool{}
	for _, n := range names {
		in[n] = true
	}
	adj := map[string][]string{}
	for _, e := range edgesAmong(c, names) {
		adj[e.From] = append(adj[e.From], e.To)
		adj[e.To] = append(adj[e.To], e.From)
	}
	seen := map[string]bool{}
	var comps [][]string
	for _, start := range byDegree(names, adj) {
		if !seen[start] {
			comps = append(comps, walk(start, adj, seen))
		}
	}
	sort.SliceStable(comps, func(i, j int) bool { return len(comps[i]) > len(comps[j]) })
	var out []string
	for _, comp := range comps {
		out = append(out, comp...)
	}
	return out
}

// byDegree orders names by how many edges touch them, most first, then by name.
func byDegree(names []string, adj map[string][]string) []string {
	out := append([]string{}, names...)
	sort.SliceStable(out, func(i, j int) bool { return len(adj[out[i]]) > len(adj[out[j]]) })
	return out
}

// walk visits a component breadth-first, neighbours in name order.
func walk(start string, adj map[string][]string, seen map[string]bool) []string {
	queue := []string{start}
	seen[start] = true
	for i := 0; i < len(queue); i++ {
		for _, nb := range uniqueSorted(adj[queue[i]]) {
			if !seen[nb] {
				seen[nb] = true
				queue = append(queue, nb)
			}
		}
	}
	return queue
}
