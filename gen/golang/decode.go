package golang

import (
	"github.com/dave/jennifer/jen"
	"github.com/stripesync/stripesync/gen/ir"
)

// genDecode emits the table's decoder: one function per JSON object level,
// each a loop over the object's keys with one case per known key.
//
//	func decodeCustomer(d *syncdb.Decoder, t *syncdb.Table, m *syncdb.Meta) syncdb.Row {
//		r := new(Customer)
//		for d.Next() {
//			switch d.Key() {
//			case "balance":
//				r.Balance = d.Int8()
//			default:
//				d.Unknown()
//			}
//		}
//		r.SyncExtra = d.Extra()
//		return r
//	}
func genDecode(f *jen.File, v *tableView) error {
	loop, err := genKeyLoop(v, v.root)
	if err != nil {
		return err
	}
	book, err := genBookkeeping(v)
	if err != nil {
		return err
	}
	body := append([]jen.Code{jen.Id("r").Op(":=").New(jen.Id(v.typ)), loop}, book...)
	body = append(body, jen.Return(jen.Id("r")))
	f.Commentf("%s decodes one %s object into a %s row.", v.funcs[v.root], v.t.ObjectType, v.typ)
	f.Func().Id(v.funcs[v.root]).Params(
		jen.Id("d").Op("*").Qual(syncdbPkg, "Decoder"),
		jen.Id("t").Op("*").Qual(syncdbPkg, "Table"),
		jen.Id("m").Op("*").Qual(syncdbPkg, "Meta"),
	).Qual(syncdbPkg, "Row").Block(body...)
	return genNested(f, v, v.root)
}

// genNested emits the decode functions of the flattened objects below n.
func genNested(f *jen.File, v *tableView, n *objNode) error {
	for _, k := range n.keys {
		if k.child == nil {
			continue
		}
		loop, err := genKeyLoop(v, k.child)
		if err != nil {
			return err
		}
		name := v.funcs[k.child]
		f.Line()
		f.Commentf("%s decodes the flattened object %s.", name, joinPath(k.child.path))
		f.Func().Id(name).Params(jen.Id("d").Op("*").Qual(syncdbPkg, "Decoder"), recv(v)).Block(loop)
		if err := genNested(f, v, k.child); err != nil {
			return err
		}
	}
	return nil
}

// genKeyLoop emits the loop over one object's keys.
func genKeyLoop(v *tableView, n *objNode) (jen.Code, error) {
	var cases []jen.Code
	for _, k := range n.keys {
		stmt, err := genCase(v, k)
		if err != nil {
			return nil, err
		}
		cases = append(cases, jen.Case(jen.Lit(k.name)).Add(stmt))
	}
	cases = append(cases, jen.Default().Id("d").Dot("Unknown").Call())
	return jen.For(jen.Id("d").Dot("Next").Call()).Block(jen.Switch(jen.Id("d").Dot("Key").Call()).Block(cases...)), nil
}

// genCase emits the statement reading one key's value.
func genCase(v *tableView, k *keyNode) (jen.Code, error) {
	d := jen.Id("d")
	switch {
	case k.constant != nil:
		return d.Dot("Const").Call(jen.Lit(k.constant.Value)), nil
	case k.list >= 0:
		return genListCase(v, k.list), nil
	case k.raw != nil:
		return jen.Id("r").Dot(v.field[k.raw]).Op("=").Id("d").Dot("JSON").Call(), nil
	case k.child != nil:
		return jen.If(d.Dot("Enter").Call()).Block(jen.Id(v.funcs[k.child]).Call(jen.Id("d"), jen.Id("r"))), nil
	case len(k.cols) == 2 && k.cols[0].Kind == ir.ColRefID && k.cols[1].Kind == ir.ColRefType:
		return jen.List(jen.Id("r").Dot(v.field[k.cols[0]]), jen.Id("r").Dot(v.field[k.cols[1]])).Op("=").
			Id("d").Dot("RefTyped").Call(refTargets(k.cols[1])), nil
	case len(k.cols) != 1:
		return nil, &NotImplementedError{v.t.Name, k.cols[0].Name, "several columns from one field"}
	}
	c := k.cols[0]
	method, err := v.readMethod(c)
	if err != nil {
		return nil, err
	}
	read := jen.Id("d").Dot(method).Call()
	if v.isPK(c) && method == "Ref" {
		read = read.Dot("String")
	}
	return jen.Id("r").Dot(v.field[c]).Op("=").Add(read), nil
}

// genListCase reads an embedded list and records its has_more.
func genListCase(v *tableView, i int) jen.Code {
	call := jen.Id("d").Dot("List").Call(jen.Id("t").Dot("NestedLists").Index(jen.Lit(i)), jen.Id("m"))
	if c := v.column(v.t.NestedLists[i].HasMoreColumn); c != nil {
		return jen.Id("r").Dot(v.field[c]).Op("=").Add(call)
	}
	return call
}

// refTargets is the prefix table of a multi-target reference.
func refTargets(c *ir.Column) jen.Code {
	if len(c.TargetPrefixes) == 0 {
		return jen.Nil()
	}
	var vals []jen.Code
	for i, p := range c.TargetPrefixes {
		if p == "" || i >= len(c.Targets) {
			continue
		}
		vals = append(vals, jen.Values(jen.Dict{jen.Id("Prefix"): jen.Lit(p), jen.Id("Type"): jen.Lit(c.Targets[i])}))
	}
	return jen.Index().Qual(syncdbPkg, "RefTarget").Values(vals...)
}

// genBookkeeping emits the assignments of the columns that do not come from
// the object's fields: parent id, _extra, hash and provenance.
func genBookkeeping(v *tableView) ([]jen.Code, error) {
	var out []jen.Code
	for _, c := range v.t.Columns {
		if c.Kind != ir.ColBookkeeping && c.Kind != ir.ColExtra && !(c.Kind == ir.ColParent && len(c.Path) == 0) {
			continue
		}
		stmt, err := bookkeepingValue(v, c)
		if err != nil {
			return nil, err
		}
		if stmt != nil {
			out = append(out, stmt)
		}
	}
	return out, nil
}

// bookkeepingValue is the statement filling one bookkeeping column, or nil
// when another statement fills it.
func bookkeepingValue(v *tableView, c *ir.Column) (jen.Code, error) {
	fld := jen.Id("r").Dot(v.field[c])
	m := jen.Id("m")
	switch {
	case c.Kind == ir.ColParent && v.isPK(c):
		return jen.If(m.Clone().Dot("ParentID").Op("!=").Lit("")).Block(fld.Clone().Op("=").Id("m").Dot("ParentID")), nil
	case c.Kind == ir.ColParent:
		return jen.If(m.Clone().Dot("ParentID").Op("!=").Lit("")).Block(
			fld.Clone().Op("=").Qual(syncdbPkg, "Text").Call(jen.Id("m").Dot("ParentID"))), nil
	case c.Kind == ir.ColExtra:
		return fld.Op("=").Id("d").Dot("Extra").Call(), nil
	case v.t.Parent != nil && c.Name == v.t.Parent.PositionColumn:
		return fld.Op("=").Qual(pgtypePkg, "Int4").Values(jen.Dict{
			jen.Id("Int32"): jen.Int32().Call(jen.Id("m").Dot("Position")), jen.Id("Valid"): jen.True()}), nil
	case isHasMore(v.t, c.Name), c.Name == "_synced_at", c.Name == previewLines && v.t.Kind == ir.KindPreview:
		return nil, nil
	}
	switch c.Name {
	case "_content_hash":
		return fld.Op("=").Id("d").Dot("Hash").Call(), nil
	case "_api_version":
		return fld.Op("=").Qual(syncdbPkg, "Text").Call(jen.Id("m").Dot("APIVersion")), nil
	case "_account_id":
		return fld.Op("=").Qual(syncdbPkg, "Text").Call(jen.Id("m").Dot("AccountID")), nil
	case "_version":
		return fld.Op("=").Qual(pgtypePkg, "Int8").Values(jen.Dict{
			jen.Id("Int64"): jen.Id("m").Dot("Version"), jen.Id("Valid"): jen.True()}), nil
	}
	return nil, &NotImplementedError{v.t.Name, c.Name, "bookkeeping column without a source"}
}

func isHasMore(t *ir.Table, name string) bool {
	for _, nl := range t.NestedLists {
		if nl.HasMoreColumn == name {
			return true
		}
	}
	return false
}

func joinPath(path []string) string {
	out := ""
	for i, p := range path {
		if i > 0 {
			out += "."
		}
		out += p
	}
	return out
}
