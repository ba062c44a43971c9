package ddl

import (
	"fmt"
	"strings"

	"github.com/stripesync/stripesync/gen/diff"
)

// tallyKey is what the summary counts: a noun ("column") and a verb ("added").
type tallyKey struct{ noun, verb string }

// tallyOrder is the order counts are printed in; nouns group them.
var tallyOrder = []tallyKey{
	{"table", "created"}, {"table", "dropped"},
	{"column", "added"}, {"column", "dropped"}, {"column", "renamed"}, {"column", "retyped"},
	{"column", "made nullable"}, {"column", "made non-nullable"}, {"column", "with a new source"},
	{"index", "created"}, {"index", "dropped"}, {"index", "renamed"},
	{"comment", "updated"},
}

// tallyKeyOf says under which key a change is counted.
func tallyKeyOf(c diff.Change) tallyKey {
	switch c := c.(type) {
	case *diff.AddTable:
		return tallyKey{"table", "created"}
	case *diff.DropTable:
		return tallyKey{"table", "dropped"}
	case *diff.AddColumn:
		return tallyKey{"column", "added"}
	case *diff.DropColumn:
		return tallyKey{"column", "dropped"}
	case *diff.RenameColumn:
		return tallyKey{"column", "renamed"}
	case *diff.ChangeType:
		return tallyKey{"column", "retyped"}
	case *diff.ChangeNull:
		if c.To.Nullable {
			return tallyKey{"column", "made nullable"}
		}
		return tallyKey{"column", "made non-nullable"}
	case *diff.ChangeSource:
		return tallyKey{"column", "with a new source"}
	case *diff.AddIndex:
		return tallyKey{"index", "created"}
	case *diff.DropIndex:
		return tallyKey{"index", "dropped"}
	case *diff.RenameIndex:
		return tallyKey{"index", "renamed"}
	}
	return tallyKey{"comment", "updated"}
}

// tally counts changes by key.
type tally map[tallyKey]int

// tableString renders one table's counts: "table created" or "table
// dropped" (both for a table created again), then the other counts.
func (t tally) tableString() string {
	var parts []string
	for _, verb := range []string{"dropped", "created"} {
		if k := (tallyKey{"table", verb}); t[k] > 0 {
			parts = append(parts, "table "+verb)
			delete(t, k)
		}
	}
	if len(t) > 0 || len(parts) == 0 {
		parts = append(parts, t.String())
	}
	return strings.Join(parts, "; ")
}

// String renders the counts, e.g. "4 columns added, 16 dropped; 3 comments updated".
func (t tally) String() string {
	var groups []string
	var parts []string
	noun := ""
	for _, k := range tallyOrder {
		n := t[k]
		if n == 0 {
			continue
		}
		if k.noun != noun && len(parts) > 0 {
			groups = append(groups, strings.Join(parts, ", "))
			parts = nil
		}
		if k.noun != noun || len(parts) == 0 {
			parts = append(parts, fmt.Sprintf("%d %s %s", n, plural(k.noun, n), k.verb))
		} else {
			parts = append(parts, fmt.Sprintf("%d %s", n, k.verb))
		}
		noun = k.noun
	}
	if len(parts) > 0 {
		groups = append(groups, strings.Join(parts, ", "))
	}
	if len(groups) == 0 {
		return "none"
	}
	return strings.Join(groups, "; ")
}

func plural(noun string, n int) string {
	switch {
	case n == 1:
		return noun
	case noun == "index":
		return "indexes"
	}
	return noun + "s"
}
