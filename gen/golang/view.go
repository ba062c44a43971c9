package golang

import (
	"fmt"
	"strings"

	"github.com/stripesync/stripesync/gen/ir"
)

// tableView is the Go emitter's view of one table: names, the tree of JSON
// objects its columns are decoded from, and where bookkeeping comes from.
type tableView struct {
	schema  *ir.Schema
	t       *ir.Table
	typ     string
	varName string
	field   map[*ir.Column]string
	root    *objNode
	// parentCol is the column filled from the parent's id (Meta.ParentID or
	// the embedding object), nil when there is none.
	parentCol *ir.Column
	// funcs names the decode function of every flattened object.
	funcs map[*objNode]string
}

// objNode is one JSON object level: the keys the table knows in it.
type objNode struct {
	path []string
	keys []*keyNode
}

// keyNode is one known key: leaf columns, a constant, a flattened object
// or an embedded list.
type keyNode struct {
	name     string
	cols     []*ir.Column
	constant *ir.Constant
	child    *objNode
	list     int
	// raw is a bookkeeping column taking the value whole (preview "_lines").
	raw *ir.Column
}

func (n *objNode) key(name string) *keyNode {
	for _, k := range n.keys {
		if k.name == name {
			return k
		}
	}
	k := &keyNode{name: name, list: -1}
	n.keys = append(n.keys, k)
	return k
}

// walk returns the object at path below n, creating levels.
func (n *objNode) walk(path []string) (*objNode, error) {
	for i, name := range path {
		k := n.key(name)
		if len(k.cols) > 0 || k.constant != nil || k.list >= 0 {
			return nil, fmt.Errorf("%s is both a value and an object", strings.Join(path[:i+1], "."))
		}
		if k.child == nil {
			k.child = &objNode{path: append(append([]string(nil), n.path...), name)}
		}
		n = k.child
	}
	return n, nil
}

// newView builds the view of one data table.
func newView(s *ir.Schema, t *ir.Table, typ string, fields map[*ir.Column]string) (*tableView, error) {
	v := &tableView{schema: s, t: t, typ: typ, varName: lowerFirst(camel(t.Name)) + "Table", field: fields, root: &objNode{}}
	if err := v.placeColumns(); err != nil {
		return nil, fmt.Errorf("golang: table %q: %w", t.Name, err)
	}
	for _, c := range t.Constants {
		obj, err := v.root.walk(c.Path[:len(c.Path)-1])
		if err != nil {
			return nil, fmt.Errorf("golang: table %q: constant: %w", t.Name, err)
		}
		obj.key(c.Path[len(c.Path)-1]).constant = c
	}
	for i, nl := range t.NestedLists {
		k := v.root.key(nl.Field)
		if k.child != nil || len(k.cols) > 0 {
			return nil, fmt.Errorf("golang: table %q: nested list %q clashes with a column", t.Name, nl.Field)
		}
		k.list = i
	}
	v.nameFuncs()
	return v, nil
}

// placeColumns puts every column with a JSON path into the object tree and
// finds the parent column.
func (v *tableView) placeColumns() error {
	for _, c := range v.t.Columns {
		if c.Kind == ir.ColParent && len(c.Path) == 0 {
			v.parentCol = c
		}
		if c.Name == previewLines && v.t.Kind == ir.KindPreview {
			v.root.key("lines").raw = c
			continue
		}
		if len(c.Path) == 0 {
			continue
		}
		obj, err := v.root.walk(c.Path[:len(c.Path)-1])
		if err != nil {
			return err
		}
		k := obj.key(c.Path[len(c.Path)-1])
		if k.child != nil {
			return fmt.Errorf("column %q: %s is both a value and an object", c.Name, strings.Join(c.Path, "."))
		}
		k.cols = append(k.cols, c)
	}
	if v.parentCol == nil && v.t.Parent != nil {
		v.parentCol = v.t.Column(v.t.Parent.Column)
	}
	return nil
}

// nameFuncs names a decode function for each flattened object level.
func (v *tableView) nameFuncs() {
	v.funcs = map[*objNode]string{v.root: "decode" + v.typ}
	used := map[string]bool{"decode" + v.typ: true}
	var visit func(n *objNode)
	visit = func(n *objNode) {
		for _, k := range n.keys {
			if k.child == nil {
				continue
			}
			base := "decode" + v.typ + camel(strings.Join(k.child.path, "_"))
			name := base
			for i := 2; used[name]; i++ {
				name = fmt.Sprintf("%s%d", base, i)
			}
			used[name], v.funcs[k.child] = true, name
			visit(k.child)
		}
	}
	visit(v.root)
}

// isPK reports whether c is a primary key column (a plain Go string).
func (v *tableView) isPK(c *ir.Column) bool {
	for _, k := range v.t.PrimaryKey {
		if k == c.Name {
			return true
		}
	}
	return false
}

// column returns the named column, or nil.
func (v *tableView) column(name string) *ir.Column { return v.t.Column(name) }

// previewLines is the preview tables' column holding the preview's lines.
const previewLines = "_lines"

// dataTables returns the tables the Go code covers: every data table.
func dataTables(s *ir.Schema) []*ir.Table {
	var out []*ir.Table
	for _, t := range s.Tables {
		if t.Schema == "data" {
			out = append(out, t)
		}
	}
	return out
}
