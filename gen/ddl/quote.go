package ddl

import (
	"fmt"
	"strings"
)

// The SQL passes through goose's env substitution (-- +goose ENVSUB ON), which
// expands $NAME and ${NAME...} on every line and reads "$$" as a literal "$".
// So every piece of text that does not come from us (identifiers, comments)
// has its "$" doubled, and only the schema placeholders stay live.

// placeholder is the env substitution that names one schema, with its default.
func placeholder(envVar, defaultName string) string {
	return "${" + envVar + ":-" + defaultName + "}"
}

// Environment variables naming the schemas at migration time.
const (
	dataSchemaEnv  = "STRIPESYNC_SCHEMA"
	stateSchemaEnv = "STRIPESYNC_STATE_SCHEMA"
)

// ident double-quotes an identifier for SQL inside an env-substituted file.
func ident(name string) string {
	return `"` + escapeEnvsub(strings.ReplaceAll(name, `"`, `""`)) + `"`
}

// literal single-quotes a string for SQL inside an env-substituted file.
func literal(s string) string {
	return "'" + escapeEnvsub(strings.ReplaceAll(s, "'", "''")) + "'"
}

// escapeEnvsub doubles every "$" so env substitution gives it back as is.
func escapeEnvsub(s string) string {
	return strings.ReplaceAll(s, "$", "$$")
}

// cleanComment collapses runs of whitespace (newlines included) into single
// spaces so each comment stays on one readable line.
func cleanComment(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// checkEnvsub rejects text that env substitution cannot carry: it reads a
// backslash before "$" as an escape and has no way to keep both.
func checkEnvsub(what, s string) error {
	if strings.Contains(s, `\$`) {
		return fmt.Errorf(`%s has a backslash before "$", which goose env substitution cannot carry`, what)
	}
	return nil
}
