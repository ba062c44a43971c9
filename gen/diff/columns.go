package diff

import (
	"slices"

	"github.com/stripesync/stripesync/gen/ir"
)

// columnChanges are one table's column changes, by group.
type columnChanges struct {
	drops, renames, modified, adds, comments []Change
	// renamed maps old column names to new ones.
	renamed map[string]string
}

// compareColumns matches columns by name, then pairs the remaining dropped
// and added ones by the rename rule.
func compareColumns(from, to *ir.Table) *columnChanges {
	cc := &columnChanges{renamed: map[string]string{}}
	var gone, added []*ir.Column
	for _, c := range from.Columns {
		if to.Column(c.Name) == nil {
			gone = append(gone, c)
		}
	}
	for _, c := range to.Columns {
		if old := from.Column(c.Name); old != nil {
			cc.modify(to, old, c)
		} else {
			added = append(added, c)
		}
	}
	renames := pairRenames(gone, added)
	for _, old := range gone {
		if c := renames[old]; c != nil {
			cc.rename(to, old, c)
		} else {
			cc.drops = append(cc.drops, &DropColumn{Table: to, Column: old})
		}
	}
	for _, c := range added {
		if !isRenameTarget(renames, c) {
			cc.adds = append(cc.adds, &AddColumn{Table: to, Column: c})
		}
	}
	return cc
}

// modify records how a column kept by name changes.
func (cc *columnChanges) modify(t *ir.Table, old, c *ir.Column) {
	if old.Type != c.Type {
		cc.modified = append(cc.modified, &ChangeType{Table: t, From: old, To: c})
	}
	if old.Nullable != c.Nullable {
		cc.modified = append(cc.modified, &ChangeNull{Table: t, From: old, To: c})
	}
	if old.Kind != c.Kind || !slices.Equal(old.Path, c.Path) {
		cc.modified = append(cc.modified, &ChangeSource{Table: t, From: old, To: c})
	}
	if !sameText(old.Comment, c.Comment) {
		cc.comments = append(cc.comments, &ChangeColumnComment{Table: t, From: old, To: c})
	}
}

// rename records a renamed column and a change of its description.
func (cc *columnChanges) rename(t *ir.Table, old, c *ir.Column) {
	cc.renames = append(cc.renames, &RenameColumn{Table: t, From: old, To: c})
	cc.renamed[old.Name] = c.Name
	if !sameText(old.Comment, c.Comment) {
		cc.comments = append(cc.comments, &ChangeColumnComment{Table: t, From: old, To: c})
	}
}

func isRenameTarget(renames map[*ir.Column]*ir.Column, c *ir.Column) bool {
	for _, to := range renames {
		if to == c {
			return true
		}
	}
	return false
}
