package gen

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// tableNameOverrides maps resources to Stripe Sigma's table names where the
// plain plural rule would differ from Sigma.
var tableNameOverrides = map[string]string{
	"line_item":   "invoice_line_items",
	"invoiceitem": "invoice_items",
	"fee_refund":  "application_fee_refunds",
}

// tableName is the plural snake_case name of a resource's table.
func tableName(resource string) string {
	if n, ok := tableNameOverrides[resource]; ok {
		return n
	}
	return plural(snake(resource))
}

// snake turns "checkout.session" into "checkout_session".
func snake(resource string) string {
	return strings.ReplaceAll(resource, ".", "_")
}

// plural pluralises the last word of a snake_case name.
func plural(name string) string {
	i := strings.LastIndexByte(name, '_')
	head, word := name[:i+1], name[i+1:]
	switch {
	case word == "person":
		word = "persons"
	case strings.HasSuffix(word, "s") || strings.HasSuffix(word, "x") ||
		strings.HasSuffix(word, "ch") || strings.HasSuffix(word, "sh"):
		word += "es"
	case strings.HasSuffix(word, "y") && len(word) > 1 && !strings.ContainsRune("aeiou", rune(word[len(word)-2])):
		word = word[:len(word)-1] + "ies"
	default:
		word += "s"
	}
	return head + word
}

// ident fits a name into PostgreSQL's identifier limit: names over max bytes
// keep a prefix and get a deterministic hash suffix of the full name.
func ident(name string, max int) string {
	if len(name) <= max {
		return name
	}
	sum := sha256.Sum256([]byte(name))
	suffix := "_" + hex.EncodeToString(sum[:])[:8]
	return name[:max-len(suffix)] + suffix
}

// joinName joins a flattened JSON path into a column name.
func joinName(path []string) string {
	return strings.Join(path, "_")
}
