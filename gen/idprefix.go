package gen

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/stripesync/stripesync/gen/ir"
)

// AddTargetPrefixes records, on every ref_type column, the id prefix of each
// target ("ba_" for bank_account), learned from a fixtures file such as
// stripe-mock's fixtures3.json ({"resources": {<resource>: object}}). The Go
// decoder uses them to tell the type of a multi-target reference that arrives
// as a bare id. Targets without a fixture get "".
func AddTargetPrefixes(s *ir.Schema, fixtures []byte) error {
	prefixes, err := idPrefixes(fixtures)
	if err != nil {
		return err
	}
	for _, t := range s.Tables {
		for _, c := range t.Columns {
			if c.Kind != ir.ColRefType {
				continue
			}
			c.TargetPrefixes = make([]string, len(c.Targets))
			for i, target := range c.Targets {
				c.TargetPrefixes[i] = prefixes[strings.TrimPrefix(target, "deleted_")]
			}
		}
	}
	return nil
}

// idPrefixes maps each fixture's resource to its id's prefix: the text up to
// and including the first underscore ("cus_QX..." -> "cus_").
func idPrefixes(fixtures []byte) (map[string]string, error) {
	var f struct {
		Resources map[string]struct {
			ID any `json:"id"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(fixtures, &f); err != nil {
		return nil, fmt.Errorf("gen: fixtures: %w", err)
	}
	out := map[string]string{}
	for name, r := range f.Resources {
		id, _ := r.ID.(string)
		if i := strings.IndexByte(id, '_'); i > 0 && !strings.HasPrefix(name, "deleted_") {
			out[name] = id[:i+1]
		}
	}
	return out, nil
}
