package migrations

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
)

// Environment variables that name the schemas in the SQL's placeholders, as
// ${STRIPESYNC_SCHEMA:-stripe}; the goose CLI reads them with ENVSUB ON.
const (
	DataSchemaEnv  = "STRIPESYNC_SCHEMA"
	StateSchemaEnv = "STRIPESYNC_STATE_SCHEMA"
)

// placeholders matches a schema placeholder with any default.
var placeholders = regexp.MustCompile(`\$\{(` + DataSchemaEnv + `|` + StateSchemaEnv + `)(:-[^}]*)?\}`)

// Source returns the embedded migrations with the schema names filled in.
func Source(dataSchema, stateSchema string) (fs.FS, error) {
	return Substitute(FS, dataSchema, stateSchema)
}

// Substitute returns the *.sql files at the root of fsys with every schema
// placeholder replaced by the given names. goose still applies its env
// substitution afterwards, so a "$" in a name is written as "$$".
func Substitute(fsys fs.FS, dataSchema, stateSchema string) (fs.FS, error) {
	if err := checkSchemas(dataSchema, stateSchema); err != nil {
		return nil, err
	}
	values := map[string]string{
		DataSchemaEnv:  strings.ReplaceAll(dataSchema, "$", "$$"),
		StateSchemaEnv: strings.ReplaceAll(stateSchema, "$", "$$"),
	}
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, fmt.Errorf("migrations: list: %w", err)
	}
	out := memFS{}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("migrations: %w", err)
		}
		out[path.Base(name)] = placeholders.ReplaceAllFunc(data, func(m []byte) []byte {
			return []byte(values[string(placeholders.FindSubmatch(m)[1])])
		})
	}
	return out, nil
}

// checkSchemas validates both schema names and that they differ: the state
// schema holds goose's version table, which the data schema's Down must not
// find in its way.
func checkSchemas(dataSchema, stateSchema string) error {
	if err := CheckSchemaName(dataSchema); err != nil {
		return fmt.Errorf("migrations: data schema: %w", err)
	}
	if err := CheckSchemaName(stateSchema); err != nil {
		return fmt.Errorf("migrations: state schema: %w", err)
	}
	if dataSchema == stateSchema {
		return fmt.Errorf("migrations: data and state schema are both %q: they must differ", dataSchema)
	}
	return nil
}

// CheckSchemaName reports whether name can be used, double-quoted, as a
// schema name: non-empty, at most 63 bytes, without a double quote or NUL,
// and without a backslash, which goose's env substitution reads as an escape.
func CheckSchemaName(name string) error {
	switch {
	case name == "":
		return errors.New("empty schema name")
	case len(name) > 63:
		return fmt.Errorf("schema name %q is %d bytes, over Postgres's 63", name, len(name))
	case strings.ContainsAny(name, "\"\x00"):
		return fmt.Errorf("schema name %q contains a double quote or NUL", name)
	case strings.Contains(name, `\`):
		return fmt.Errorf("schema name %q contains a backslash", name)
	}
	return nil
}
