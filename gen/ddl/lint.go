package ddl

import (
	"github.com/stripesync/stripesync/gen/diff"
)

// Lint codes flag the steps of a migration a reviewer must look at. DS steps
// delete data, MF steps may fail on existing data, BC steps break queries
// that name the old object.
const (
	lintDropTable  = "DS101"
	lintDropColumn = "DS102"
	lintLossyType  = "DS103"
	lintSetNotNull = "MF101"
	lintAddNotNull = "MF102"
	lintRename     = "BC101"
)

// lintTexts says what each code means, as the summary prints it.
var lintTexts = map[string]string{
	lintDropTable:  "drop table (its rows are deleted; Down creates it again, empty)",
	lintDropColumn: "drop column (its values are deleted; Down adds it again, empty)",
	lintLossyType:  "change type with no lossless cast: drop and add the column (values deleted)",
	lintSetNotNull: "set NOT NULL (fails if the column holds NULLs)",
	lintAddNotNull: "add a NOT NULL column (fails if the table has rows)",
	lintRename:     "rename column (values kept; queries naming the old column break)",
}

// lintOrder is the order codes appear in the summary.
var lintOrder = []string{lintDropTable, lintDropColumn, lintLossyType, lintSetNotNull, lintAddNotNull, lintRename}

// lintOf returns the lint code of a change and the item it names in the
// summary (a column, or "old -> new"), or "" for a change that needs no review.
func lintOf(c diff.Change) (code, item string) {
	switch c := c.(type) {
	case *diff.DropTable:
		return lintDropTable, c.Table.Name
	case *diff.DropColumn:
		return lintDropColumn, c.Column.Name
	case *diff.ChangeType:
		if findCast(c.From.Type, c.To.Type) == nil {
			return lintLossyType, c.To.Name + " (" + c.From.Type + " -> " + c.To.Type + ")"
		}
	case *diff.ChangeNull:
		if !c.To.Nullable {
			return lintSetNotNull, c.To.Name
		}
	case *diff.AddColumn:
		if !c.Column.Nullable {
			return lintAddNotNull, c.Column.Name
		}
	case *diff.RenameColumn:
		return lintRename, c.From.Name + " -> " + c.To.Name
	}
	return "", ""
}
