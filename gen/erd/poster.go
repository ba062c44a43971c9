package erd

// The whole-schema diagram: one labelled cluster per domain, each laid out on
// its own with table names only, clusters packed in rows in domain order, and
// every relationship drawn across them.

import "github.com/stripesync/stripesync/gen/ir"

// allScene draws every data table grouped by domain.
func (c *catalog) allScene(tableHref, domainHref func(string) string) *scene {
	sc := &scene{title: "All stripesync data tables by domain"}
	index := map[string]int{}
	var inners []size // the size of each cluster's content
	for _, d := range c.domains {
		inner := c.build(sceneSpec{title: d.Title, names: tableNames(d.Tables), edges: edgesAmong(c, tableNames(d.Tables)),
			rows: func(*ir.Table) []row { return nil }, maxWidth: clusterWidth})
		inner.h -= legendH(inner)
		inner.w = innerWidth(inner)
		for _, n := range inner.nodes {
			n.href = tableHref(n.name)
			index[n.name] = len(sc.nodes)
			sc.nodes = append(sc.nodes, n)
		}
		in := size{inner.w - 2*margin, inner.h - 2*margin}
		label := d.Title + " (" + itoa(len(d.Tables)) + ")"
		sc.clusters = append(sc.clusters, cluster{label: label, href: domainHref(d.Slug), hue: d.hue,
			w: max(in.w, textW(len(label))*4/3) + 2*clusterPadSides, h: in.h + clusterPadTop + clusterPadSides})
		inners = append(inners, in)
	}
	c.packClusters(sc, inners)
	for _, e := range c.edges {
		sc.edges = append(sc.edges, sceneEdge{from: index[e.From], to: index[e.To], kind: e.Kind,
			tooltip: edgeTooltip(e), faint: c.domain[e.From] != c.domain[e.To]})
	}
	fitLegend(sc)
	return sc
}

// packClusters places clusters left to right in rows and moves each
// cluster's boxes with it.
func (c *catalog) packClusters(sc *scene, inners []size) {
	x, y, rowH := margin, margin, 0
	first := 0 // index of the first node of the current cluster
	for i := range sc.clusters {
		cl := &sc.clusters[i]
		if x > margin && x+cl.w > allWidth {
			x, y, rowH = margin, y+rowH+gapLayer, 0
		}
		cl.x, cl.y = x, y
		count := len(c.domains[i].Tables)
		for j := first; j < first+count; j++ {
			sc.nodes[j].x += x + (cl.w-inners[i].w)/2 - margin
			sc.nodes[j].y += y + clusterPadTop - margin
		}
		first += count
		sc.w = max(sc.w, x+cl.w+margin)
		x += cl.w + gapX
		rowH = max(rowH, cl.h)
	}
	sc.h = y + rowH + margin
}

// innerWidth is the width of a cluster's boxes with margins, ignoring the
// room its own legend asked for.
func innerWidth(sc *scene) int {
	w := 0
	for _, n := range sc.nodes {
		w = max(w, n.x+n.w)
	}
	return w + margin
}
