package golang

import (
	"fmt"

	"github.com/dave/jennifer/jen"
	"github.com/stripesync/stripesync/gen/ir"
)

// Import paths of the generated code's dependencies.
const (
	syncdbPkg = "github.com/stripesync/stripesync/internal/syncdb"
	pgtypePkg = "github.com/jackc/pgx/v5/pgtype"
	jsonPkg   = "encoding/json"
)

// pgTypes maps Postgres column types to their nullable Go field types and
// the Encoder method that writes them back. Primary key columns are plain
// strings instead.
var pgTypes = map[string]struct {
	goType func() jen.Code
	encode string
}{
	"text":        {func() jen.Code { return jen.Qual(pgtypePkg, "Text") }, "Text"},
	"bigint":      {func() jen.Code { return jen.Qual(pgtypePkg, "Int8") }, "Int8"},
	"integer":     {func() jen.Code { return jen.Qual(pgtypePkg, "Int4") }, ""},
	"boolean":     {func() jen.Code { return jen.Qual(pgtypePkg, "Bool") }, "Bool"},
	"timestamptz": {func() jen.Code { return jen.Qual(pgtypePkg, "Timestamptz") }, "Timestamp"},
	"numeric":     {func() jen.Code { return jen.Qual(pgtypePkg, "Numeric") }, "Number"},
	"jsonb":       {func() jen.Code { return jen.Qual(jsonPkg, "RawMessage") }, "JSON"},
	"text[]":      {func() jen.Code { return jen.Index().String() }, "Texts"},
}

// NotImplementedError reports a column shape the Go emitter cannot handle.
type NotImplementedError struct {
	// Table and Column locate the column.
	Table, Column string
	// What says what is missing.
	What string
}

func (e *NotImplementedError) Error() string {
	return fmt.Sprintf("golang: table %q: column %q: not implemented: %s", e.Table, e.Column, e.What)
}

// fieldType is the Go type of a column's field.
func (v *tableView) fieldType(c *ir.Column) (jen.Code, error) {
	if v.isPK(c) {
		if c.Type != "text" {
			return nil, &NotImplementedError{v.t.Name, c.Name, "primary key of type " + c.Type}
		}
		return jen.String(), nil
	}
	pt, ok := pgTypes[c.Type]
	if !ok {
		return nil, &NotImplementedError{v.t.Name, c.Name, "Postgres type " + c.Type}
	}
	return pt.goType(), nil
}

// readMethod is the Decoder method reading a column's value.
func (v *tableView) readMethod(c *ir.Column) (string, error) {
	switch c.Kind {
	case ir.ColTimestamp:
		return "Timestamp", nil
	case ir.ColDecimal:
		return "Decimal", nil
	case ir.ColRefID:
		return "Ref", nil
	case ir.ColRefIDs:
		return "RefIDs", nil
	case ir.ColJSON:
		return "JSON", nil
	case ir.ColArray:
		if c.Type == "text[]" {
			return "Texts", nil
		}
	case ir.ColScalar:
		return v.scalarMethod(c)
	}
	return "", &NotImplementedError{v.t.Name, c.Name, fmt.Sprintf("%s column of type %s", c.Kind, c.Type)}
}

func (v *tableView) scalarMethod(c *ir.Column) (string, error) {
	switch {
	case c.Name == "id" && len(c.Path) == 1 && v.isPK(c):
		return "ID", nil
	case c.Name == "id" && len(c.Path) == 1:
		return "IDText", nil
	case v.isPK(c):
		return "", &NotImplementedError{v.t.Name, c.Name, "primary key other than id read from the object"}
	}
	switch c.Type {
	case "text":
		return "Text", nil
	case "bigint":
		return "Int8", nil
	case "boolean":
		return "Bool", nil
	case "numeric":
		return "Number", nil
	}
	return "", &NotImplementedError{v.t.Name, c.Name, "scalar of type " + c.Type}
}

// encodeMethod is the Encoder method writing a column back, or "" when the
// column is derived (ref types) or not from the object.
func (v *tableView) encodeMethod(c *ir.Column) string {
	switch {
	case len(c.Path) == 0 || c.Kind == ir.ColRefType:
		return ""
	case v.isPK(c):
		return "String"
	case c.Kind == ir.ColDecimal:
		return "Decimal"
	}
	return pgTypes[c.Type].encode
}

// pathLit is a []string literal of a JSON path.
func pathLit(path []string) jen.Code {
	vals := make([]jen.Code, len(path))
	for i, p := range path {
		vals[i] = jen.Lit(p)
	}
	return jen.Index().String().Values(vals...)
}
