package ddl

import (
	"slices"
	"strings"
)

// change is one planned step of a migration, in the manner of Atlas's plans:
// a one-line description, the statements that apply it and the statements
// that reverse it. A change with no reverse says why in keep.
type change struct {
	// comment says what the change does, e.g. `create table "customers"`.
	comment string
	// notes are extra comment lines shown above the Up statements.
	notes []string
	// up are the statements applying the change, each ending in ";".
	up []string
	// down are the statements reversing it, run in order.
	down []string
	// keep explains why down is empty.
	keep string
}

// writeUp writes the Up section: every change in order.
func writeUp(b *strings.Builder, changes []*change) {
	b.WriteString("-- +goose Up\n-- +goose ENVSUB ON\n")
	for _, c := range changes {
		b.WriteString("\n-- " + c.comment + "\n")
		for _, n := range c.notes {
			b.WriteString("-- " + n + "\n")
		}
		writeStatements(b, c.up)
	}
}

// writeDown writes the Down section: every change reversed, last first.
func writeDown(b *strings.Builder, changes []*change) {
	b.WriteString("\n-- +goose Down\n-- +goose ENVSUB ON\n")
	for _, c := range slices.Backward(changes) {
		if len(c.down) == 0 {
			b.WriteString("\n-- reverse: " + c.comment + ": kept, " + c.keep + "\n")
			continue
		}
		b.WriteString("\n-- reverse: " + c.comment + "\n")
		writeStatements(b, c.down)
	}
}

// writeStatements writes statements one per line. goose ends a statement at
// a line whose last word before any "--" ends in ";", so a statement holding
// "--" (inside a comment's text) is fenced with StatementBegin/End.
func writeStatements(b *strings.Builder, stmts []string) {
	for _, s := range stmts {
		if strings.Contains(s, "--") {
			b.WriteString("-- +goose StatementBegin\n" + s + "\n-- +goose StatementEnd\n")
			continue
		}
		b.WriteString(s + "\n")
	}
}
