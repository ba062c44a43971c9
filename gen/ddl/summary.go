package ddl

import (
	"fmt"
	"strings"

	"github.com/stripesync/stripesync/gen/diff"
)

// summaryWidth is the widest a summary line gets, "-- " included.
const summaryWidth = 100

// summarySections returns the summary of an upgrade migration, in sections:
// what changed (in total and per table), the steps to review by lint code,
// the tables to backfill again, and notes.
func summarySections(d *diff.Diff) [][]string {
	out := [][]string{changeLines(d), lintLines(d), rebackfillLines(d)}
	if len(d.Notes) > 0 {
		notes := []string{"Notes (no DDL):"}
		for _, n := range d.Notes {
			notes = append(notes, wrap("  ", n, "    ")...)
		}
		out = append(out, notes)
	}
	return out
}

// changeLines counts the changes in total and per table.
func changeLines(d *diff.Diff) []string {
	total := tally{}
	var order []string
	perTable := map[string]tally{}
	for _, c := range d.Changes {
		key := tallyKeyOf(c)
		name := c.On().Name
		if perTable[name] == nil {
			order = append(order, name)
			perTable[name] = tally{}
		}
		total[key]++
		perTable[name][key]++
	}
	lines := wrap("", "Changes: "+total.String()+".", "  ")
	for _, name := range order {
		lines = append(lines, wrap("  ", name+": "+perTable[name].tableString(), "      ")...)
	}
	return lines
}

// lintLines lists the steps to review, grouped by lint code and table.
func lintLines(d *diff.Diff) []string {
	items := map[string]map[string][]string{}
	var tables []string
	seen := map[string]bool{}
	for _, c := range d.Changes {
		code, item := lintOf(c)
		if code == "" {
			continue
		}
		if items[code] == nil {
			items[code] = map[string][]string{}
		}
		name := c.On().Name
		items[code][name] = append(items[code][name], item)
		if !seen[name] {
			seen[name] = true
			tables = append(tables, name)
		}
	}
	if len(items) == 0 {
		return []string{"Steps to review: none (no step deletes data, may fail or renames)."}
	}
	lines := []string{"Steps to review, by lint code (DS: deletes data, MF: may fail, BC: renames):"}
	for _, code := range lintOrder {
		if items[code] == nil {
			continue
		}
		lines = append(lines, "  "+code+" "+lintTexts[code]+":")
		for _, t := range tables {
			if list := items[code][t]; len(list) > 0 {
				lines = append(lines, lintItemLines(code, t, list)...)
			}
		}
	}
	return lines
}

// lintItemLines lists one table's items under a code.
func lintItemLines(code, table string, list []string) []string {
	if code == lintDropTable {
		return []string{"    " + table}
	}
	return wrap("    ", fmt.Sprintf("%s (%d): %s", table, len(list), strings.Join(list, ", ")), "      ")
}

// rebackfillLines lists the tables to backfill again with their reasons.
func rebackfillLines(d *diff.Diff) []string {
	list := d.Rebackfill()
	if len(list) == 0 {
		return []string{"Re-backfill: none (no table gains data its existing rows lack)."}
	}
	head := fmt.Sprintf("Re-backfill: %d tables whose existing rows lack the new data. Up records them in the state "+
		"schema's %s table, in the migration's transaction, for the runtime to list again:", len(list), RebackfillTable)
	if !canRecord(d.To.Table(RebackfillTable)) {
		head = fmt.Sprintf("Re-backfill: %d tables whose existing rows lack the new data (the model has no %s "+
			"state table to record them in):", len(list), RebackfillTable)
	}
	lines := wrap("", head, "")
	for _, r := range list {
		lines = append(lines, wrap("  ", r.Table+": "+r.Brief(), "      ")...)
	}
	return lines
}

// wrap breaks text into lines of at most summaryWidth (with "-- "), the first
// starting with prefix and the others with indent. Words are never split.
func wrap(prefix, text, indent string) []string {
	var lines []string
	line := prefix
	for _, w := range strings.Fields(text) {
		if line != prefix && line != indent && len("-- ")+len(line)+1+len(w) > summaryWidth {
			lines = append(lines, line)
			line = indent
		}
		if line != prefix && line != indent {
			line += " "
		}
		line += w
	}
	return append(lines, line)
}
