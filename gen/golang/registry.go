package golang

import (
	"sort"

	"github.com/dave/jennifer/jen"
	"github.com/stripesync/stripesync/gen/ir"
)

// tableKinds maps IR table kinds to syncdb's constants.
var tableKinds = map[ir.TableKind]string{
	ir.KindResource:  "KindResource",
	ir.KindChild:     "KindChild",
	ir.KindSingleton: "KindSingleton",
	ir.KindPreview:   "KindPreview",
}

// genTableVar emits the table's description for the registry.
//
//	var customersTable = &syncdb.Table{Name: "customers", ..., Codec: syncdb.Codec{Decode: decodeCustomer, New: newCustomer}}
func genTableVar(f *jen.File, v *tableView) {
	t := v.t
	d := jen.Dict{
		jen.Id("Name"):       jen.Lit(t.Name),
		jen.Id("Kind"):       jen.Qual(syncdbPkg, tableKinds[t.Kind]),
		jen.Id("Columns"):    genColumns(t),
		jen.Id("PrimaryKey"): strList(t.PrimaryKey),
		jen.Id("Codec"): jen.Qual(syncdbPkg, "Codec").Values(jen.Dict{
			jen.Id("Decode"): jen.Id(v.funcs[v.root]),
			jen.Id("New"):    jen.Func().Params().Qual(syncdbPkg, "Row").Block(jen.Return(jen.New(jen.Id(v.typ)))),
		}),
	}
	setLit(d, "Resource", t.Resource)
	setLit(d, "ObjectType", t.ObjectType)
	setLit(d, "Comment", t.Comment)
	setLit(d, "RetrievePath", t.RetrievePath)
	if len(t.EventTypes) > 0 {
		d[jen.Id("EventTypes")] = strList(t.EventTypes)
	}
	if t.Deletable {
		d[jen.Id("Deletable")] = jen.True()
	}
	if len(t.Lists) > 0 {
		d[jen.Id("Lists")] = genLists(t.Lists)
	}
	if p := t.Parent; p != nil {
		d[jen.Id("Parent")] = jen.Op("&").Qual(syncdbPkg, "ParentLink").Values(litDict(
			"TableName", p.Table, "Column", p.Column, "Field", p.Field, "PositionColumn", p.PositionColumn))
	}
	if len(t.NestedLists) > 0 {
		d[jen.Id("NestedLists")] = genNestedLists(v.schema, t)
	}
	if ss := t.SilentStates; ss != nil {
		d[jen.Id("SilentStates")] = jen.Op("&").Qual(syncdbPkg, "SilentStates").Values(jen.Dict{
			jen.Id("Column"): jen.Lit(ss.Column), jen.Id("Values"): strList(ss.Values)})
	}
	f.Commentf("%s describes the %s table.", v.varName, t.Name)
	f.Var().Id(v.varName).Op("=").Op("&").Qual(syncdbPkg, "Table").Values(d)
}

func genColumns(t *ir.Table) jen.Code {
	var cols []jen.Code
	for _, c := range t.Columns {
		d := litDict("Name", c.Name, "Type", c.Type)
		if len(c.Path) > 0 {
			d[jen.Id("Path")] = strList(c.Path)
		}
		cols = append(cols, jen.Line().Values(d))
	}
	return jen.Index().Qual(syncdbPkg, "Column").Values(append(cols, jen.Line())...)
}

func genLists(lists []*ir.ListSource) jen.Code {
	var out []jen.Code
	for _, l := range lists {
		d := litDict("Path", l.Path, "ParentTableName", l.ParentTable, "ParentParam", l.ParentParam, "ParentColumn", l.ParentColumn,
			"TestClockParam", l.TestClockParam, "TestClockTableName", l.TestClockTable)
		if len(l.Params) > 0 {
			d[jen.Id("Params")] = stringMap(l.Params)
		}
		if len(l.ItemTypes) > 0 {
			d[jen.Id("ItemTypes")] = strList(l.ItemTypes)
		}
		setTrue(d, "Created", l.Created)
		setTrue(d, "Unpaginated", l.Unpaginated)
		setTrue(d, "AlsoScoped", l.AlsoScoped != nil)
		out = append(out, jen.Line().Values(d))
	}
	return jen.Index().Op("*").Qual(syncdbPkg, "ListSource").Values(append(out, jen.Line())...)
}

func genNestedLists(s *ir.Schema, t *ir.Table) jen.Code {
	var out []jen.Code
	for _, nl := range t.NestedLists {
		d := litDict("Field", nl.Field, "ListPath", nl.ListPath, "ListParam", nl.ListParam, "HasMoreColumn", nl.HasMoreColumn)
		d[jen.Id("TableNames")] = strList(nl.Tables)
		d[jen.Id("ItemParentColumns")] = strList(itemParentColumns(s, t, nl))
		d[jen.Id("ItemTypes")] = strList(nl.ItemTypes)
		setTrue(d, "ExpandOnly", nl.ExpandOnly)
		setTrue(d, "Unpaginated", nl.Unpaginated)
		setTrue(d, "ExpandOnList", nl.ExpandOnList != nil)
		out = append(out, jen.Line().Values(d))
	}
	return jen.Index().Op("*").Qual(syncdbPkg, "NestedList").Values(append(out, jen.Line())...)
}

// genRegistry emits the registry of every table.
func genRegistry(f *jen.File, s *ir.Schema, views []*tableView) {
	f.Comment("APIVersion is the Stripe API version the code was generated from.")
	f.Const().Id("APIVersion").Op("=").Lit(s.APIVersion)
	f.Line()
	args := []jen.Code{jen.Id("APIVersion")}
	for _, v := range views {
		args = append(args, jen.Line().Id(v.varName))
	}
	f.Comment("Registry describes every data table; it is the runtime's only entry point to them.")
	f.Var().Id("Registry").Op("=").Qual(syncdbPkg, "NewRegistry").Call(append(args, jen.Line())...)
}

// litDict builds a struct literal's fields from name, value pairs, leaving
// out empty values.
func litDict(pairs ...string) jen.Dict {
	d := jen.Dict{}
	for i := 0; i < len(pairs); i += 2 {
		setLit(d, pairs[i], pairs[i+1])
	}
	return d
}

func setLit(d jen.Dict, name, value string) {
	if value != "" {
		d[jen.Id(name)] = jen.Lit(value)
	}
}

// setTrue sets a boolean field when it is true, leaving false ones out.
func setTrue(d jen.Dict, name string, value bool) {
	if value {
		d[jen.Id(name)] = jen.True()
	}
}

func strList(list []string) jen.Code {
	vals := make([]jen.Code, len(list))
	for i, s := range list {
		vals[i] = jen.Lit(s)
	}
	return jen.Index().String().Values(vals...)
}

func stringMap(m map[string]string) jen.Code {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	d := jen.Dict{}
	for _, k := range keys {
		d[jen.Lit(k)] = jen.Lit(m[k])
	}
	return jen.Map(jen.String()).String().Values(d)
}

// itemParentColumns finds, per item table of a nested list, the column
// holding the parent's id: a child table's parent column, else a top-level
// reference to the parent's resource.
func itemParentColumns(s *ir.Schema, parent *ir.Table, nl *ir.NestedList) []string {
	out := make([]string, len(nl.Tables))
	for i, name := range nl.Tables {
		item := s.Table(name)
		if item == nil {
			continue
		}
		if item.Parent != nil && item.Parent.Table == parent.Name {
			out[i] = item.Parent.Column
			continue
		}
		for _, c := range item.Columns {
			if (c.Kind == ir.ColRefID || c.Kind == ir.ColParent) && len(c.Path) <= 1 && hasTarget(c.Targets, parent.Resource) {
				out[i] = c.Name
				break
			}
		}
	}
	return out
}

func hasTarget(targets []string, resource string) bool {
	for _, t := range targets {
		if t == resource {
			return true
		}
	}
	return false
}
