package golang

import (
	"github.com/dave/jennifer/jen"
	"github.com/stripesync/stripesync/gen/ir"
)

// genRowType emits the row struct with one documented field per column.
func genRowType(f *jen.File, v *tableView) error {
	var fields []jen.Code
	for i, c := range v.t.Columns {
		typ, err := v.fieldType(c)
		if err != nil {
			return err
		}
		if i > 0 {
			fields = append(fields, jen.Line())
		}
		name := v.field[c]
		fields = append(fields, comment(fieldDoc(name, c)), jen.Id(name).Add(typ))
	}
	f.Add(comment(typeDoc(v.typ, v.t)))
	f.Type().Id(v.typ).Struct(fields...)
	return nil
}

// recv is the receiver of the row methods.
func recv(v *tableView) *jen.Statement { return jen.Id("r").Op("*").Id(v.typ) }

// genPointers emits Pointers: every field's address in column order.
//
//	func (r *Customer) Pointers(dst []any) []any { return append(dst, &r.ID, ...) }
func genPointers(f *jen.File, v *tableView) {
	args := []jen.Code{jen.Id("dst")}
	for _, c := range v.t.Columns {
		args = append(args, jen.Op("&").Id("r").Dot(v.field[c]))
	}
	f.Comment("Pointers appends the address of every field in column order, for COPY and Scan.")
	f.Func().Params(recv(v)).Id("Pointers").Params(jen.Id("dst").Index().Any()).Index().Any().Block(
		jen.Return(jen.Append(args...)),
	)
}

// genValues emits Values: the COPY values in column order, pointers but for
// JSON fields (pgx re-marshals a *json.RawMessage; the value it copies as is).
func genValues(f *jen.File, v *tableView) {
	args := []jen.Code{jen.Id("dst")}
	for _, c := range v.t.Columns {
		if c.Type == "jsonb" {
			args = append(args, jen.Id("r").Dot(v.field[c]))
			continue
		}
		args = append(args, jen.Op("&").Id("r").Dot(v.field[c]))
	}
	f.Comment("Values appends the COPY value of every field in column order.")
	f.Func().Params(recv(v)).Id("Values").Params(jen.Id("dst").Index().Any()).Index().Any().Block(
		jen.Return(jen.Append(args...)),
	)
}

// str is a column field's value as a Go string.
func str(v *tableView, c *ir.Column) jen.Code {
	if v.isPK(c) {
		return jen.Id("r").Dot(v.field[c])
	}
	return jen.Id("r").Dot(v.field[c]).Dot("String")
}

// genInfo emits Info: the key, parent and ordering fields the writer uses.
func genInfo(f *jen.File, v *tableView) {
	var key jen.Code
	for _, k := range v.t.PrimaryKey {
		part := str(v, v.column(k))
		if key == nil {
			key = part
			continue
		}
		key = jen.Add(key).Op("+").Lit("\x00").Op("+").Add(part)
	}
	vals := jen.Dict{jen.Id("Key"): key}
	if id := v.column("id"); id != nil {
		vals[jen.Id("ID")] = str(v, id)
	}
	if v.t.Parent != nil {
		vals[jen.Id("ParentID")] = str(v, v.column(v.t.Parent.Column))
	}
	if c := v.column("_version"); c != nil {
		vals[jen.Id("Version")] = jen.Id("r").Dot(v.field[c]).Dot("Int64")
	}
	if c := v.column("_content_hash"); c != nil {
		vals[jen.Id("Hash")] = jen.Id("r").Dot(v.field[c]).Dot("Int64")
	}
	f.Comment("Info returns the row's key and ordering fields.")
	f.Func().Params(recv(v)).Id("Info").Params().Qual(syncdbPkg, "RowInfo").Block(
		jen.Return(jen.Qual(syncdbPkg, "RowInfo").Values(vals)),
	)
}

// genSetParent emits SetParent, filling the parent column when empty.
func genSetParent(f *jen.File, v *tableView) {
	var body []jen.Code
	if c := v.parentCol; c != nil && len(c.Path) == 0 {
		fld := jen.Id("r").Dot(v.field[c])
		if v.isPK(c) {
			body = append(body, jen.If(jen.Add(fld).Op("==").Lit("")).Block(jen.Add(fld).Op("=").Id("id")))
		} else {
			body = append(body, jen.If(jen.Op("!").Add(fld).Dot("Valid")).Block(
				jen.Add(fld).Op("=").Qual(syncdbPkg, "Text").Call(jen.Id("id"))))
		}
	}
	f.Comment("SetParent sets the parent id when the object did not name its parent.")
	f.Func().Params(recv(v)).Id("SetParent").Params(jen.Id("id").String()).Block(body...)
}

// genEncode emits Encode, writing each column back at its JSON path.
func genEncode(f *jen.File, v *tableView) {
	var body []jen.Code
	for _, c := range v.t.Columns {
		path := c.Path
		if c.Name == previewLines && v.t.Kind == ir.KindPreview {
			path = []string{"lines"}
		} else if v.encodeMethod(c) == "" {
			continue
		}
		method := v.encodeMethod(c)
		if method == "" {
			method = "JSON"
		}
		body = append(body, jen.Id("e").Dot(method).Call(pathLit(path), jen.Id("r").Dot(v.field[c])))
	}
	for _, k := range v.t.Constants {
		body = append(body, jen.Id("e").Dot("Const").Call(pathLit(k.Path), jen.Lit(k.Value)))
	}
	f.Comment("Encode writes the row's fields back as Stripe JSON properties.")
	f.Func().Params(recv(v)).Id("Encode").Params(jen.Id("e").Op("*").Qual(syncdbPkg, "Encoder")).Block(body...)
}
