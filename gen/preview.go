package gen

import (
	"slices"

	"github.com/stripesync/stripesync/gen/ir"
	"github.com/stripesync/stripesync/openapi"
)

// invoicePreview says which endpoint the runtime refreshes the upcoming-invoice
// tables from: GET /v1/invoices/upcoming on specs that still have it (acacia
// and older), else POST /v1/invoices/create_preview (basil on). The tables'
// shape does not depend on it, so a change shows in a migration only as a note.
func invoicePreview(api *openapi.API) string {
	switch {
	case slices.Contains(api.Paths, "GET /v1/invoices/upcoming"):
		return ir.PreviewUpcoming
	case slices.Contains(api.Paths, "POST /v1/invoices/create_preview"):
		return ir.PreviewCreate
	}
	return ""
}
