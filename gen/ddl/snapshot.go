package ddl

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/stripesync/stripesync/gen/ir"
)

// snapshot returns the model as indented JSON (two spaces, trailing newline),
// the starting point of the next migration diff. "<", ">" and "&" are kept
// as is, not \u-escaped, so descriptions read normally in review.
func snapshot(s *ir.Schema) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		return nil, fmt.Errorf("gen: ddl: snapshot: %w", err)
	}
	return b.Bytes(), nil
}
