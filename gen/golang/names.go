package golang

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/stripesync/stripesync/gen/ir"
)

// initialisms are words written in capitals in Go names.
var initialisms = map[string]string{
	"id": "ID", "ids": "IDs", "url": "URL", "urls": "URLs", "api": "API", "ip": "IP", "uri": "URI",
	"json": "JSON", "http": "HTTP", "https": "HTTPS", "sms": "SMS", "ssn": "SSN", "iban": "IBAN",
	"bic": "BIC", "vat": "VAT", "cvc": "CVC", "html": "HTML", "pdf": "PDF", "uuid": "UUID", "acss": "ACSS",
}

// camel turns a snake_case or dotted name into an exported Go identifier:
// "default_source_id" -> "DefaultSourceID".
func camel(name string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return r == '_' || r == '.' || r == '-' }) {
		if up, ok := initialisms[w]; ok {
			b.WriteString(up)
			continue
		}
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	out := b.String()
	if out == "" || !unicode.IsLetter(rune(out[0])) {
		out = "X" + out
	}
	return out
}

// singular undoes the plural of a table name's last word, for row type names.
func singular(name string) string {
	switch {
	case strings.HasSuffix(name, "ies"):
		return name[:len(name)-3] + "y"
	case strings.HasSuffix(name, "sses"), strings.HasSuffix(name, "xes"),
		strings.HasSuffix(name, "ches"), strings.HasSuffix(name, "shes"):
		return name[:len(name)-2]
	case strings.HasSuffix(name, "s") && !strings.HasSuffix(name, "ss"):
		return name[:len(name)-1]
	}
	return name
}

// typeName is a table's row type: "invoice_line_items" -> "InvoiceLineItem".
func typeName(t *ir.Table) string { return camel(singular(t.Name)) }

// fieldName is a column's struct field. Bookkeeping columns ("_version")
// get a "Sync" prefix, so they never clash with a spec field ("version").
func fieldName(c *ir.Column) string {
	if strings.HasPrefix(c.Name, "_") {
		n := camel(c.Name)
		if strings.HasPrefix(n, "Sync") {
			return n
		}
		return "Sync" + n
	}
	return camel(c.Name)
}

// resolveNames gives every table a unique type name and every column a
// unique field name, failing on a clash the rules cannot settle.
func resolveNames(s *ir.Schema, tables []*ir.Table) (map[*ir.Table]string, map[*ir.Column]string, error) {
	types := map[*ir.Table]string{}
	seen := map[string]string{}
	for _, t := range tables {
		n := typeName(t)
		if other, dup := seen[n]; dup {
			return nil, nil, fmt.Errorf("golang: tables %q and %q both name row type %s", other, t.Name, n)
		}
		seen[n], types[t] = t.Name, n
	}
	fields := map[*ir.Column]string{}
	for _, t := range tables {
		used := map[string]bool{}
		for _, c := range t.Columns {
			n := fieldName(c)
			for i := 2; used[n]; i++ {
				n = fmt.Sprintf("%s%d", fieldName(c), i)
			}
			used[n], fields[c] = true, n
		}
	}
	return types, fields, nil
}

// lowerFirst makes an unexported identifier from an exported one.
func lowerFirst(s string) string {
	for i, r := range s {
		if !unicode.IsUpper(r) {
			if i > 1 {
				i--
			}
			if i == 0 {
				return strings.ToLower(s[:1]) + s[1:]
			}
			return strings.ToLower(s[:i]) + s[i:]
		}
	}
	return strings.ToLower(s)
}
