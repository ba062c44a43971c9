package pgcatalog

import "strings"

// typeNames maps type names as written in DDL to format_type's spelling.
// Names not listed are already spelled the same (text, bigint, jsonb ...).
var typeNames = map[string]string{
	"bool":        "boolean",
	"char":        "character",
	"decimal":     "numeric",
	"float4":      "real",
	"float8":      "double precision",
	"int":         "integer",
	"int2":        "smallint",
	"int4":        "integer",
	"int8":        "bigint",
	"time":        "time without time zone",
	"timestamp":   "timestamp without time zone",
	"timestamptz": "timestamp with time zone",
	"timetz":      "time with time zone",
	"varchar":     "character varying",
}

// CanonicalType returns a DDL type name as format_type prints it:
// "timestamptz" is "timestamp with time zone", "int8[]" is "bigint[]",
// "varchar(20)" is "character varying(20)". Array dimensions collapse to
// one "[]", as in format_type.
func CanonicalType(t string) string {
	t = strings.ToLower(strings.TrimSpace(t))
	base, array := strings.CutSuffix(t, "[]")
	for array && strings.HasSuffix(base, "[]") {
		base = strings.TrimSuffix(base, "[]")
	}
	name, mod, _ := strings.Cut(base, "(")
	if mod != "" {
		mod = "(" + mod
	}
	out := canonicalName(strings.TrimSpace(name), mod)
	if array {
		out += "[]"
	}
	return out
}

// canonicalName spells a base type with its modifier; time types carry the
// modifier before "with/without time zone".
func canonicalName(name, mod string) string {
	full, ok := typeNames[name]
	if !ok {
		return name + mod
	}
	if mod != "" && strings.HasPrefix(full, "time") {
		head, tail, _ := strings.Cut(full, " ")
		return head + mod + " " + tail
	}
	return full + mod
}
