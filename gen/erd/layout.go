package erd

import "sort"

// A small deterministic layered layout: referenced tables above the tables
// that reference them, each layer ordered to shorten edges and wrapped into
// rows no wider than a limit; tables with no relationship go in a grid below.

// Spacing of the layout, in pixels.
const (
	gapX     = 36 // between boxes in a row
	gapRow   = 28 // between rows of one wrapped layer
	gapLayer = 64 // between layers
	margin   = 20 // around the whole drawing
)

// size is a box's width and height in pixels.
type size struct{ w, h int }

// link asks for box from to be placed below box to.
type link struct{ from, to int }

// placement is where layout put each box (top-left corners) and the drawing's size.
type placement struct {
	x, y []int
	w, h int
}

// layout places boxes; ties are broken by the boxes' input order.
func layout(boxes []size, links []link, maxWidth int) placement {
	g := newLayerGraph(len(boxes), links)
	layers, loose := g.layers()
	g.order(layers)
	var rows [][]int
	var starts []bool // whether a row begins a new layer
	for _, l := range append(layers, loose) {
		for i, row := range wrap(l, boxes, maxWidth) {
			rows = append(rows, row)
			starts = append(starts, i == 0)
		}
	}
	return placeRows(rows, starts, boxes)
}

// layerGraph holds the links without self-loops or duplicates.
type layerGraph struct {
	n        int
	parents  [][]int // boxes each box must be below
	children [][]int
}

func newLayerGraph(n int, links []link) *layerGraph {
	g := &layerGraph{n: n, parents: make([][]int, n), children: make([][]int, n)}
	seen := map[link]bool{}
	for _, l := range links {
		if l.from == l.to || seen[l] {
			continue
		}
		seen[l] = true
		g.parents[l.from] = append(g.parents[l.from], l.to)
		g.children[l.to] = append(g.children[l.to], l.from)
	}
	return g
}

// layers assigns every linked box a layer (longest path from the top, with
// cycles broken by depth-first search) and returns unlinked boxes apart.
func (g *layerGraph) layers() (layers [][]int, loose []int) {
	kept := g.acyclicParents()
	rank := make([]int, g.n)
	for i := range rank {
		rank[i] = -1
	}
	var rankOf func(int) int
	rankOf = func(i int) int {
		if rank[i] < 0 {
			rank[i] = 0
			for _, p := range kept[i] {
				rank[i] = max(rank[i], rankOf(p)+1)
			}
		}
		return rank[i]
	}
	for i := 0; i < g.n; i++ {
		rankOf(i)
	}
	g.sinkSources(rank, kept)
	for i := 0; i < g.n; i++ {
		if len(g.parents[i]) == 0 && len(g.children[i]) == 0 {
			loose = append(loose, i)
			continue
		}
		for len(layers) <= rank[i] {
			layers = append(layers, nil)
		}
		layers[rank[i]] = append(layers[rank[i]], i)
	}
	return compact(layers), loose
}

// acyclicParents drops the links that close a cycle, found by depth-first
// search in input order.
func (g *layerGraph) acyclicParents() [][]int {
	const (
		unseen = iota
		open
		done
	)
	state := make([]int, g.n)
	kept := make([][]int, g.n)
	var visit func(int)
	visit = func(i int) {
		state[i] = open
		for _, p := range g.parents[i] {
			if state[p] == open {
				continue
			}
			kept[i] = append(kept[i], p)
			if state[p] == unseen {
				visit(p)
			}
		}
		state[i] = done
	}
	for i := 0; i < g.n; i++ {
		if state[i] == unseen {
			visit(i)
		}
	}
	return kept
}

// sinkSources moves boxes that are below nothing down to just above their
// highest child, so their links stay short.
func (g *layerGraph) sinkSources(rank []int, kept [][]int) {
	keptChildren := make([][]int, g.n)
	for i, ps := range kept {
		for _, p := range ps {
			keptChildren[p] = append(keptChildren[p], i)
		}
	}
	for i := 0; i < g.n; i++ {
		if len(kept[i]) > 0 || len(keptChildren[i]) == 0 {
			continue
		}
		lowest := -1
		for _, c := range keptChildren[i] {
			if lowest < 0 || rank[c] < lowest {
				lowest = rank[c]
			}
		}
		rank[i] = lowest - 1
	}
}

// compact drops empty layers.
func compact(layers [][]int) [][]int {
	out := layers[:0]
	for _, l := range layers {
		if len(l) > 0 {
			out = append(out, l)
		}
	}
	return out
}

// order sorts each layer by the mean position of each box's neighbours
// (barycenter heuristic), a few sweeps, ties by input order.
func (g *layerGraph) order(layers [][]int) {
	pos := make([]float64, g.n)
	for _, l := range layers {
		setPositions(pos, l)
	}
	for sweep := 0; sweep < 6; sweep++ {
		for k := range layers {
			l := layers[k]
			if sweep%2 == 1 {
				l = layers[len(layers)-1-k]
			}
			bary := make(map[int]float64, len(l))
			for _, i := range l {
				bary[i] = g.barycenter(i, pos)
			}
			sort.SliceStable(l, func(a, b int) bool { return bary[l[a]] < bary[l[b]] })
			setPositions(pos, l)
		}
	}
}

// setPositions records each box's place in its layer as a fraction in [0,1].
func setPositions(pos []float64, l []int) {
	for j, i := range l {
		pos[i] = (float64(j) + 0.5) / float64(len(l))
	}
}

// barycenter is the mean position of i's neighbours, or its own position.
func (g *layerGraph) barycenter(i int, pos []float64) float64 {
	sum, n := 0.0, 0
	for _, nb := range append(append([]int{}, g.parents[i]...), g.children[i]...) {
		sum += pos[nb]
		n++
	}
	if n == 0 {
		return pos[i]
	}
	return sum / float64(n)
}

// wrap splits a layer into balanced rows no wider than maxWidth.
func wrap(l []int, boxes []size, maxWidth int) [][]int {
	if len(l) == 0 {
		return nil
	}
	total := -gapX
	for _, i := range l {
		total += boxes[i].w + gapX
	}
	target := total/((total+maxWidth-1)/maxWidth) + gapX
	var rows [][]int
	var row []int
	width := -gapX
	for _, i := range l {
		next := width + gapX + boxes[i].w
		if len(row) > 0 && (next > maxWidth || width >= target) {
			rows, row, width = append(rows, row), nil, -gapX
			next = boxes[i].w
		}
		row, width = append(row, i), next
	}
	return append(rows, row)
}

// placeRows stacks rows top to bottom, each centred horizontally.
func placeRows(rows [][]int, starts []bool, boxes []size) placement {
	p := placement{x: make([]int, len(boxes)), y: make([]int, len(boxes))}
	widths := make([]int, len(rows))
	for r, row := range rows {
		widths[r] = -gapX
		for _, i := range row {
			widths[r] += boxes[i].w + gapX
		}
		p.w = max(p.w, widths[r])
	}
	y := margin
	for r, row := range rows {
		if r > 0 {
			y += map[bool]int{true: gapLayer, false: gapRow}[starts[r]]
		}
		x, height := margin+(p.w-widths[r])/2, 0
		for _, i := range row {
			p.x[i], p.y[i] = x, y
			x += boxes[i].w + gapX
			height = max(height, boxes[i].h)
		}
		y += height
	}
	p.w += 2 * margin
	p.h = y + margin
	return p
}
