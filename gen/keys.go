package gen

import (
	"fmt"
	"strings"

	"github.com/stripesync/stripesync/gen/ir"
)

// addForeignKeys records logical references: reference columns with one live
// target that has a table, and parent columns.
func addForeignKeys(s *ir.Schema, resTables map[string]string) {
	for _, t := range s.Tables {
		for _, c := range t.Columns {
			if c.Kind != ir.ColRefID && c.Kind != ir.ColParent && c.Kind != ir.ColRefIDs {
				continue
			}
			live := liveTargets(c.Targets)
			if len(live) != 1 || resTables[live[0]] == "" {
				continue
			}
			ref := s.Table(resTables[live[0]])
			t.ForeignKeys = append(t.ForeignKeys, &ir.ForeignKey{
				Columns: []string{c.Name}, RefTable: ref.Name, RefColumns: []string{"id"}, Field: strings.Join(c.Path, "."),
			})
		}
	}
}

// validate checks invariants every emitter relies on.
func validate(s *ir.Schema, p Policy) error {
	seen := map[string]bool{}
	for _, t := range s.Tables {
		key := t.Schema + "." + t.Name
		if seen[key] {
			return fmt.Errorf("gen: table %q: defined twice", t.Name)
		}
		seen[key] = true
		if len(t.Name) > p.MaxIdentifier {
			return fmt.Errorf("gen: table %q: name longer than %d bytes", t.Name, p.MaxIdentifier)
		}
		cols := map[string]bool{}
		for _, c := range t.Columns {
			if cols[c.Name] {
				return fmt.Errorf("gen: table %q: column %q defined twice", t.Name, c.Name)
			}
			cols[c.Name] = true
		}
		for _, k := range t.PrimaryKey {
			if !cols[k] {
				return fmt.Errorf("gen: table %q: primary key column %q missing", t.Name, k)
			}
		}
	}
	return nil
}
