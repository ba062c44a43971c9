package ddl

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/stripesync/stripesync/gen/ir"
)

// maxIdentLen is PostgreSQL's NAMEDATALEN-1: longer names are truncated.
const maxIdentLen = 63

// schemaDefault is what a schema's default name may be: it sits inside
// an env placeholder, so it must be plain.
var schemaDefault = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// plainType matches the type names the model uses: words, an optional
// modifier such as (10,2), and array brackets.
var plainType = regexp.MustCompile(`^[a-z][a-z0-9_ ]*(\([0-9]+(,[0-9]+)?\))?(\[\])*$`)

// validate checks what the SQL relies on, naming the table or column at fault.
func validate(s *ir.Schema) error {
	if s.APIVersion == "" {
		return errors.New("gen: ddl: schema has no API version")
	}
	for _, name := range []string{s.DataSchema, s.StateSchema} {
		if !schemaDefault.MatchString(name) || len(name) > maxIdentLen {
			return fmt.Errorf("gen: ddl: schema name %q: want a plain lower-case identifier", name)
		}
	}
	relations := map[string]string{} // "<schema>.<relation>" -> what it is
	for _, t := range s.Tables {
		if err := validateTable(t, relations); err != nil {
			return fmt.Errorf("gen: ddl: table %q: %w", t.Name, err)
		}
	}
	return nil
}

// validateTable checks one table and records its relations (the table and its
// indexes share a namespace in Postgres).
func validateTable(t *ir.Table, relations map[string]string) error {
	if t.Schema != "data" && t.Schema != "state" {
		return fmt.Errorf("schema %q: want \"data\" or \"state\"", t.Schema)
	}
	if err := checkIdent(t.Name); err != nil {
		return err
	}
	if err := claim(relations, t.Schema, t.Name, "table "+t.Name); err != nil {
		return err
	}
	if err := checkEnvsub("comment", t.Comment); err != nil {
		return err
	}
	if err := validateColumns(t); err != nil {
		return err
	}
	if err := validateKey(t); err != nil {
		return err
	}
	return validateIndexes(t, relations)
}

// claim records a relation name, refusing one already used in the schema.
func claim(relations map[string]string, schema, name, what string) error {
	key := schema + "." + name
	if prev, ok := relations[key]; ok {
		return fmt.Errorf("name %q already used by %s", name, prev)
	}
	relations[key] = what
	return nil
}

// validateColumns checks column names, types and comments.
func validateColumns(t *ir.Table) error {
	if len(t.Columns) == 0 {
		return errors.New("no columns")
	}
	seen := map[string]bool{}
	for _, c := range t.Columns {
		if err := checkIdent(c.Name); err != nil {
			return fmt.Errorf("column %q: %w", c.Name, err)
		}
		if seen[c.Name] {
			return fmt.Errorf("column %q: duplicate", c.Name)
		}
		seen[c.Name] = true
		if !plainType.MatchString(c.Type) {
			return fmt.Errorf("column %q: type %q is not a plain type name", c.Name, c.Type)
		}
		if err := checkEnvsub("comment", c.Comment); err != nil {
			return fmt.Errorf("column %q: %w", c.Name, err)
		}
	}
	return nil
}

// validateKey checks that primary key columns exist and are NOT NULL, as
// Postgres would make them anyway (the model must say what the table is).
func validateKey(t *ir.Table) error {
	for _, name := range t.PrimaryKey {
		c := t.Column(name)
		if c == nil {
			return fmt.Errorf("primary key column %q: no such column", name)
		}
		if c.Nullable {
			return fmt.Errorf("primary key column %q: nullable", name)
		}
	}
	return nil
}

// validateIndexes checks index names, methods and columns.
func validateIndexes(t *ir.Table, relations map[string]string) error {
	for _, ix := range t.Indexes {
		if err := checkIdent(ix.Name); err != nil {
			return fmt.Errorf("index %q: %w", ix.Name, err)
		}
		if err := claim(relations, t.Schema, ix.Name, "index of "+t.Name); err != nil {
			return fmt.Errorf("index %q: %w", ix.Name, err)
		}
		if ix.Method != "btree" && ix.Method != "gin" {
			return fmt.Errorf("index %q: method %q: want btree or gin", ix.Name, ix.Method)
		}
		if len(ix.Columns) == 0 {
			return fmt.Errorf("index %q: no columns", ix.Name)
		}
		for _, name := range ix.Columns {
			if t.Column(name) == nil {
				return fmt.Errorf("index %q: column %q: no such column", ix.Name, name)
			}
		}
	}
	return nil
}

// checkIdent checks that a name fits Postgres unchanged and survives env
// substitution.
func checkIdent(name string) error {
	switch {
	case name == "":
		return errors.New("empty name")
	case len(name) > maxIdentLen:
		return fmt.Errorf("name is %d bytes, over Postgres's %d", len(name), maxIdentLen)
	case strings.ContainsRune(name, 0):
		return errors.New("name contains NUL")
	}
	return checkEnvsub("name", name)
}
