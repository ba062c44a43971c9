package pgcatalog

import "testing"

func TestCanonicalType(t *testing.T) {
	for in, want := range map[string]string{
		"text":          "text",
		"bigint":        "bigint",
		"jsonb":         "jsonb",
		"numeric":       "numeric",
		"timestamptz":   "timestamp with time zone",
		"timestamptz[]": "timestamp with time zone[]",
		"int8[][]":      "bigint[]",
		"bool":          "boolean",
		"varchar(20)":   "character varying(20)",
		"numeric(10,2)": "numeric(10,2)",
		"timestamp(3)":  "timestamp(3) without time zone",
		"TEXT[]":        "text[]",
	} {
		if got := CanonicalType(in); got != want {
			t.Errorf("CanonicalType(%q) = %q, want %q", in, got, want)
		}
	}
}
