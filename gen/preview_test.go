package gen

import (
	"testing"

	"github.com/stripesync/stripesync/gen/ir"
	"github.com/stripesync/stripesync/openapi"
)

func TestInvoicePreview(t *testing.T) {
	cases := []struct {
		paths []string
		want  string
	}{
		{[]string{"GET /v1/invoices/upcoming", "GET /v1/invoices/upcoming/lines", "POST /v1/invoices/create_preview"}, ir.PreviewUpcoming},
		{[]string{"GET /v1/invoices", "POST /v1/invoices/create_preview"}, ir.PreviewCreate},
		{[]string{"GET /v1/invoices"}, ""},
	}
	for _, c := range cases {
		if got := invoicePreview(&openapi.API{Paths: c.paths}); got != c.want {
			t.Errorf("paths %q: got %q, want %q", c.paths, got, c.want)
		}
	}
}
