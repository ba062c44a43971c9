package erd

import (
	"encoding/xml"
	"strings"
)

// svgStyle styles every diagram; classes are prefixed so that inline SVG does
// not clash with the page's own CSS.
const svgStyle = `.erd-bg{fill:#fff}` +
	`.erd-box{fill:#fff;stroke:#5b6472;stroke-width:1}` +
	`.erd-focus .erd-box{stroke:#1b1f24;stroke-width:2.5}` +
	`.erd-name{font-weight:bold;fill:#1b1f24}` +
	`.erd-col{fill:#1b1f24}.erd-type{fill:#6a737d}.erd-key{fill:#9a6700;font-size:10px;font-weight:bold}` +
	`.erd-edge{fill:none;stroke:#8c959f;stroke-width:1.2}` +
	`.erd-ref{stroke-dasharray:5 3}.erd-many{stroke-dasharray:2 3}.erd-nested{stroke-dasharray:8 3 2 3}` +
	`.erd-cluster{stroke-width:1.5}.erd-cluster-label{font-weight:bold;font-size:16px}` +
	`.erd-faint{stroke-opacity:.35}.erd-legend text{fill:#57606a}` +
	`a:hover .erd-box{stroke:#0969da;stroke-width:2}`

// drawSVG renders a scene as an SVG document; standalone adds the XML
// declaration and generated-file notice a file needs.
func drawSVG(sc *scene, notice string, standalone bool) []byte {
	var b strings.Builder
	if standalone {
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
		b.WriteString("<!-- " + notice + " -->\n")
	}
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" width="` + itoa(sc.w) + `" height="` + itoa(sc.h) +
		`" viewBox="0 0 ` + itoa(sc.w) + " " + itoa(sc.h) + `" role="img" font-family="` + monoFonts + `" font-size="12">` + "\n")
	b.WriteString("<title>" + esc(sc.title) + "</title>\n")
	b.WriteString("<style>" + svgStyle + "</style>\n")
	b.WriteString(`<defs><marker id="erd-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#6e7781"/></marker></defs>` + "\n")
	b.WriteString(`<rect class="erd-bg" width="100%" height="100%"/>` + "\n")
	for _, c := range sc.clusters {
		drawCluster(&b, c)
	}
	drawEdges(&b, sc)
	for _, n := range sc.nodes {
		drawNode(&b, n)
	}
	drawLegend(&b, sc)
	b.WriteString("</svg>\n")
	return []byte(b.String())
}

// monoFonts keeps text widths close to the layout's estimate.
const monoFonts = "ui-monospace, SFMono-Regular, Menlo, Consolas, &#39;DejaVu Sans Mono&#39;, &#39;Liberation Mono&#39;, monospace"

// esc escapes text for XML content and attribute values.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func drawCluster(b *strings.Builder, c cluster) {
	open, shut := linkTags(c.href)
	b.WriteString(open)
	b.WriteString(`<rect class="erd-cluster" x="` + itoa(c.x) + `" y="` + itoa(c.y) + `" width="` + itoa(c.w) +
		`" height="` + itoa(c.h) + `" rx="10" fill="` + hsl(c.hue, 60, 97) + `" stroke="` + hsl(c.hue, 45, 70) + `"/>`)
	b.WriteString(`<text class="erd-cluster-label" x="` + itoa(c.x+14) + `" y="` + itoa(c.y+24) + `" fill="` +
		hsl(c.hue, 50, 30) + `">` + esc(c.label) + "</text>")
	b.WriteString(shut + "\n")
}

func drawEdges(b *strings.Builder, sc *scene) {
	ends := anchors(sc)
	b.WriteString(`<g class="erd-edges">` + "\n")
	for i, e := range sc.edges {
		class := "erd-edge " + edgeClass[e.kind]
		if e.faint {
			class += " erd-faint"
		}
		b.WriteString(`<path class="` + class + `" d="` + edgePath(sc, e, ends[i]) + `" marker-end="url(#erd-arrow)">`)
		b.WriteString("<title>" + esc(e.tooltip) + "</title></path>\n")
	}
	b.WriteString("</g>\n")
}

// edgePath is a cubic curve leaving and entering the boxes at right angles;
// an edge from a box to itself loops round its right side.
func edgePath(sc *scene, e sceneEdge, ends [2]attachment) string {
	if e.from == e.to {
		n := sc.nodes[e.from]
		x, y := n.x+n.w, n.y+headerH/2
		return "M" + pt(x, y) + " C" + pt(x+40, y-10) + " " + pt(x+40, y+30) + " " + pt(x, y+20)
	}
	a, z := ends[0].at, ends[1].at
	d := max(24, (abs(a.x-z.x)+abs(a.y-z.y))/3)
	na, nz := normal(ends[0].side), normal(ends[1].side)
	ca := clampPoint(sc, point{a.x + na.x*d, a.y + na.y*d})
	cz := clampPoint(sc, point{z.x + nz.x*d, z.y + nz.y*d})
	return "M" + pt(a.x, a.y) + " C" + pt(ca.x, ca.y) + " " + pt(cz.x, cz.y) + " " + pt(z.x, z.y)
}

// clampPoint keeps a curve's control point inside the drawing, so the curve
// stays inside too.
func clampPoint(sc *scene, p point) point {
	return point{min(max(p.x, 4), sc.w-4), min(max(p.y, 4), sc.h-4)}
}

func pt(x, y int) string { return itoa(x) + "," + itoa(y) }

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func drawNode(b *strings.Builder, n node) {
	open, shut := linkTags(n.href)
	class := "erd-table"
	if n.focus {
		class += " erd-focus"
	}
	b.WriteString(open + `<g class="` + class + `" transform="translate(` + pt(n.x, n.y) + `)">`)
	if n.tooltip != "" {
		b.WriteString("<title>" + esc(n.tooltip) + "</title>")
	}
	b.WriteString(`<rect class="erd-box" width="` + itoa(n.w) + `" height="` + itoa(n.h) + `" rx="4"/>`)
	b.WriteString(`<path d="M0.5,4 a3.5,3.5 0 0 1 3.5,-3.5 h` + itoa(n.w-8) + ` a3.5,3.5 0 0 1 3.5,3.5 v` +
		itoa(headerH-4) + ` h-` + itoa(n.w-1) + ` z" fill="` + hsl(n.hue, 55, 88) + `"/>`)
	b.WriteString(`<text class="erd-name" x="` + itoa(boxPad) + `" y="17">` + esc(n.name) + "</text>")
	for i, r := range n.rows {
		y := headerH + i*rowH + 14
		if r.key != "" {
			b.WriteString(`<text class="erd-key" x="` + itoa(boxPad) + `" y="` + itoa(y) + `">` + esc(r.key) + "</text>")
		}
		b.WriteString(`<text class="erd-col" x="` + itoa(boxPad+keyColW) + `" y="` + itoa(y) + `">` + esc(r.name) + "</text>")
		b.WriteString(`<text class="erd-type" x="` + itoa(n.w-boxPad) + `" y="` + itoa(y) + `" text-anchor="end">` + esc(r.typ) + "</text>")
	}
	b.WriteString("</g>" + shut + "\n")
}

// legendItems are the line styles a scene uses, with their meaning.
func legendItems(sc *scene) []edgeKind {
	var used [4]bool
	for _, e := range sc.edges {
		used[e.kind] = true
	}
	var kinds []edgeKind
	for k, u := range used {
		if u {
			kinds = append(kinds, edgeKind(k))
		}
	}
	return kinds
}

// legendText labels one line style in the legend.
func legendText(k edgeKind) string { return k.verb() }

// legendItemW is the width of one legend entry: a line sample and its label.
func legendItemW(k edgeKind) int { return 34 + textW(len(legendText(k))) + 18 }

// legendW is the width the legend needs.
func legendW(sc *scene) int {
	w := textW(len(legendLead))
	for _, k := range legendItems(sc) {
		w += legendItemW(k)
	}
	return w
}

// legendLead starts the legend.
const legendLead = "arrows point at the referenced table:  "

// drawLegend explains the line styles along the bottom edge.
func drawLegend(b *strings.Builder, sc *scene) {
	if len(sc.edges) == 0 {
		return
	}
	y := sc.h - 8
	b.WriteString(`<g class="erd-legend">`)
	b.WriteString(`<text x="` + itoa(margin) + `" y="` + itoa(y) + `">` + esc(legendLead) + "</text>")
	x := margin + textW(len(legendLead))
	for _, k := range legendItems(sc) {
		class := "erd-edge " + edgeClass[k]
		b.WriteString(`<path class="` + class + `" d="M` + pt(x, y-4) + " h28" + `" marker-end="url(#erd-arrow)"/>`)
		b.WriteString(`<text x="` + itoa(x+34) + `" y="` + itoa(y) + `">` + esc(legendText(k)) + "</text>")
		x += legendItemW(k)
	}
	b.WriteString("</g>\n")
}

// edgeClass styles each edge kind.
var edgeClass = [...]string{"erd-child", "erd-ref", "erd-many", "erd-nested"}

// linkTags wraps content in a link when href is set.
func linkTags(href string) (string, string) {
	if href == "" {
		return "", ""
	}
	return `<a href="` + esc(href) + `">`, "</a>"
}

func hsl(h, s, l int) string {
	return "hsl(" + itoa(h) + "," + itoa(s) + "%," + itoa(l) + "%)"
}
