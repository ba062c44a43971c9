package erd

import (
	"strings"

	"github.com/stripesync/stripesync/gen/ir"
)

// listNote is one fact about how a table's lists are requested: from the
// spec (Rule empty) or from a named list policy rule with its reason.
type listNote struct {
	// Subject is the list endpoint, the nested list field, or the rows a
	// silent-states rule revisits.
	Subject string
	// Rule names the list policy rule, "" for a fact the spec states.
	Rule string
	// Text says what the runtime does and why.
	Text string
}

// listNotes returns the notes on t's lists, its silent states and its
// nested lists, in that order.
func listNotes(t *ir.Table) []listNote {
	var out []listNote
	for _, l := range t.Lists {
		if l.Unpaginated {
			out = append(out, listNote{Subject: l.Path,
				Text: "the spec declares no limit or starting_after, so one request without them returns every item"})
		}
		if l.TestClockParam != "" {
			out = append(out, listNote{Subject: l.Path,
				Text: "leaves out objects attached to a test clock unless given " + l.TestClockParam + ", so it also runs once per row of " + l.TestClockTable})
		}
		if p := l.AlsoScoped; p != nil {
			out = append(out, listNote{Subject: l.Path, Rule: p.Rule, Text: p.Reason})
		}
	}
	if p := t.SilentStates; p != nil {
		out = append(out, listNote{Subject: silentSubject(p), Rule: p.Rule, Text: p.Reason})
	}
	for _, nl := range t.NestedLists {
		if p := nl.ExpandOnList; p != nil {
			out = append(out, listNote{Subject: t.Name + "." + nl.Field, Rule: p.Rule, Text: p.Reason})
		}
	}
	return out
}

// silentSubject names the rows a silent-states rule revisits, as SQL
// ("status = 'pending'").
func silentSubject(p *ir.SilentStates) string {
	if len(p.Values) == 1 {
		return p.Column + " = '" + p.Values[0] + "'"
	}
	return p.Column + " IN ('" + strings.Join(p.Values, "', '") + "')"
}
