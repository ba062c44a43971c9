package diff

import (
	"fmt"

	"github.com/stripesync/stripesync/gen/ir"
)

// previewEndpoints names the invoice preview endpoints for notes.
var previewEndpoints = map[string]string{
	ir.PreviewUpcoming: "/v1/invoices/upcoming (GET)",
	ir.PreviewCreate:   "/v1/invoices/create_preview (POST)",
	"":                 "no preview endpoint",
}

// notes describes differences that need no DDL: where invoice previews come
// from, and tables whose kind or parent list changes (the runtime fills
// them differently, the table keeps its shape).
func notes(from, to *ir.Schema) []string {
	var out []string
	if from.InvoicePreview != to.InvoicePreview {
		out = append(out, fmt.Sprintf("invoice previews: the API has %s instead of %s; the upcoming-invoice tables "+
			"keep their shape and the runtime refreshes them with the new endpoint",
			previewEndpoints[to.InvoicePreview], previewEndpoints[from.InvoicePreview]))
	}
	for _, t := range to.Tables {
		if old := find(from, t); old != nil {
			out = append(out, tableNotes(old, t)...)
		}
	}
	return out
}

// tableNotes describes a change of a kept table's kind or parent list.
func tableNotes(from, to *ir.Table) []string {
	var out []string
	if from.Kind != to.Kind {
		out = append(out, fmt.Sprintf("%s: now a %s table (was %s)", to.Name, to.Kind, from.Kind))
	}
	if parentOf(from) != parentOf(to) {
		out = append(out, fmt.Sprintf("%s: rows now come from %s (was %s)", to.Name, parentOf(to), parentOf(from)))
	}
	return out
}

// parentOf names the parent list a child table is filled from.
func parentOf(t *ir.Table) string {
	switch {
	case t.Parent == nil:
		return "its own list endpoints"
	case t.Parent.Field == "":
		return "lists under " + t.Parent.Table
	}
	return t.Parent.Table + "." + t.Parent.Field
}
