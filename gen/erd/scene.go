package erd

import "sort"

// scene is a laid-out diagram: boxes, edges between them and optional
// labelled clusters, in pixels. drawSVG turns it into SVG.
type scene struct {
	title    string
	w, h     int
	clusters []cluster
	nodes    []node
	edges    []sceneEdge
}

// cluster is a labelled background region grouping boxes (one per domain).
type cluster struct {
	x, y, w, h int
	label      string
	href       string
	hue        int
}

// node is one table box.
type node struct {
	x, y, w, h int
	name       string
	tooltip    string
	href       string
	hue        int
	focus      bool
	rows       []row
}

// row is one column line inside a table box.
type row struct {
	key, name, typ string
}

// sceneEdge joins two nodes by index; from references to.
type sceneEdge struct {
	from, to int
	kind     edgeKind
	tooltip  string
	faint    bool // drawn lighter: an edge between clusters
}

// Box metrics, in pixels (12px monospace text).
const (
	charW10   = 73 // tenths of a pixel per character
	headerH   = 26
	rowH      = 18
	boxPad    = 10
	minBoxW   = 120
	keyColW   = 26 // room for the PK/FK badge
	rowsBelow = 6  // padding under the last row
)

// textW is the width of n characters.
func textW(n int) int { return (n*charW10 + 9) / 10 }

// boxSize measures a node from its name and rows.
func boxSize(n *node) size {
	w := textW(len(n.name)+1) + 2*boxPad
	for _, r := range n.rows {
		w = max(w, keyColW+textW(len(r.name)+2+len(r.typ))+2*boxPad)
	}
	h := headerH
	if len(n.rows) > 0 {
		h += len(n.rows)*rowH + rowsBelow
	}
	return size{max(w, minBoxW), h}
}

// side is one side of a box where an edge attaches.
type side int

const (
	top side = iota
	bottom
	left
	right
)

// point is a position in the drawing.
type point struct{ x, y int }

// attachment is where one end of an edge meets a box.
type attachment struct {
	node int
	side side
	edge int
	end  int   // 0 = from, 1 = to
	key  int   // coordinate of the other end along the side, for ordering
	at   point // filled by spread
}

// edgeSides picks the sides an edge leaves from and arrives at.
func edgeSides(a, b node) (side, side) {
	switch {
	case a.y >= b.y+b.h:
		return top, bottom
	case a.y+a.h <= b.y:
		return bottom, top
	case a.x+a.w/2 <= b.x+b.w/2:
		return right, left
	}
	return left, right
}

// anchors computes both ends of every edge, spreading the ends that share a
// side of a box evenly along it, ordered by where their other ends lie.
func anchors(sc *scene) [][2]attachment {
	ends := make([][2]attachment, len(sc.edges))
	groups := map[[2]int][]*attachment{}
	for i, e := range sc.edges {
		a, b := sc.nodes[e.from], sc.nodes[e.to]
		sa, sb := edgeSides(a, b)
		ends[i][0] = attachment{node: e.from, side: sa, edge: i, end: 0, key: along(sa, b)}
		ends[i][1] = attachment{node: e.to, side: sb, edge: i, end: 1, key: along(sb, a)}
		for k := range ends[i] {
			at := &ends[i][k]
			g := [2]int{at.node, int(at.side)}
			groups[g] = append(groups[g], at)
		}
	}
	for g, list := range groups {
		spread(sc.nodes[g[0]], side(g[1]), list)
	}
	return ends
}

// along is the coordinate of a box's centre along a side's direction.
func along(s side, n node) int {
	if s == top || s == bottom {
		return n.x + n.w/2
	}
	return n.y + n.h/2
}

// spread places the attachments on one side of a box.
func spread(n node, s side, list []*attachment) {
	sort.Slice(list, func(i, j int) bool {
		if list[i].key != list[j].key {
			return list[i].key < list[j].key
		}
		return list[i].edge*2+list[i].end < list[j].edge*2+list[j].end
	})
	for k, at := range list {
		switch s {
		case top, bottom:
			at.at = point{n.x + n.w*(k+1)/(len(list)+1), n.y}
			if s == bottom {
				at.at.y += n.h
			}
		default:
			at.at = point{n.x, n.y + headerH/2 + (n.h-headerH/2)*k/len(list)}
			if s == right {
				at.at.x += n.w
			}
		}
	}
}

// normal is the outward direction of a side.
func normal(s side) point {
	return [...]point{{0, -1}, {0, 1}, {-1, 0}, {1, 0}}[s]
}
