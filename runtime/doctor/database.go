package doctor

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// checkDatabase checks the connection, the schema version and the
// privileges sync and migrate need. It only reads the catalog.
func checkDatabase(ctx context.Context, cfg Config, r *Report) {
	if cfg.DB == nil {
		msg := "no database: set DATABASE_URL or --database-url"
		if cfg.DBErr != nil {
			msg = oneLine(cfg.DBErr.Error())
		}
		r.add("database", Fail, "%s", msg)
		r.add("schema version", Skip, "no database")
		return
	}
	var user, db, version string
	q := `SELECT current_user, current_database(), current_setting('server_version')`
	if err := cfg.DB.QueryRow(ctx, q).Scan(&user, &db, &version); err != nil {
		r.add("database", Fail, "the database does not answer: %s", oneLine(err.Error()))
		return
	}
	r.add("database", OK, "connected to %q as %q, PostgreSQL %s", db, user, version)
	checkSchemaVersion(ctx, cfg, r)
	checkSchemaPrivileges(ctx, cfg, r, user, db)
	checkTablePrivileges(ctx, cfg, r, user, cfg.Schema, dataTables(cfg))
	checkTablePrivileges(ctx, cfg, r, user, cfg.StateSchema, nil)
}

// checkSchemaPrivileges checks TEMP on the database (the batch writer
// stages rows in temporary tables), USAGE on both schemas (sync) and
// CREATE on them or the database (migrate).
func checkSchemaPrivileges(ctx context.Context, cfg Config, r *Report, user, db string) {
	var temp, createDB bool
	q := `SELECT has_database_privilege(current_database(), 'TEMP'), has_database_privilege(current_database(), 'CREATE')`
	if err := cfg.DB.QueryRow(ctx, q).Scan(&temp, &createDB); err != nil {
		r.add("privileges", Fail, "cannot read privileges: %s", oneLine(err.Error()))
		return
	}
	if !temp {
		r.add("temp tables", Fail, "%q cannot create temporary tables, which writes stage rows in: GRANT TEMP ON DATABASE %s TO %s",
			user, ident(db), ident(user))
	}
	for _, schema := range []string{cfg.Schema, cfg.StateSchema} {
		checkSchema(ctx, cfg, r, user, db, schema, createDB)
	}
}

// checkSchema checks one schema's USAGE and CREATE privileges.
func checkSchema(ctx context.Context, cfg Config, r *Report, user, db, schema string, createDB bool) {
	name := "schema " + schema
	var exists, usage, create bool
	q := `SELECT n.oid IS NOT NULL, coalesce(has_schema_privilege(n.oid, 'USAGE'), false),
coalesce(has_schema_privilege(n.oid, 'CREATE'), false)
FROM (SELECT $1::text AS name) AS x LEFT JOIN pg_namespace n ON n.nspname = x.name`
	if err := cfg.DB.QueryRow(ctx, q, schema).Scan(&exists, &usage, &create); err != nil {
		r.add(name, Fail, "cannot read privileges: %s", oneLine(err.Error()))
		return
	}
	switch {
	case !exists && createDB:
		r.add(name, Warn, "missing; `stripesync migrate` can create it")
	case !exists:
		r.add(name, Fail, "missing, and %q may not create schemas: create it or GRANT CREATE ON DATABASE %s TO %s", user, ident(db), ident(user))
	case !usage:
		r.add(name, Fail, "%q lacks USAGE: GRANT USAGE ON SCHEMA %s TO %s", user, ident(schema), ident(user))
	case !create:
		r.add(name, Warn, "USAGE ok, but `stripesync migrate` needs CREATE for the next API version: GRANT CREATE ON SCHEMA %s TO %s", ident(schema), ident(user))
	default:
		r.add(name, OK, "USAGE and CREATE")
	}
}

// writePrivileges are what sync needs on every table it writes.
var writePrivileges = []string{"SELECT", "INSERT", "UPDATE", "DELETE"}

// checkTablePrivileges checks the write privileges on the schema's tables
// (only those named in want, when want is not nil).
func checkTablePrivileges(ctx context.Context, cfg Config, r *Report, user, schema string, want map[string]bool) {
	name := "tables in " + schema
	missing, n, err := lackingTables(ctx, cfg, schema, want)
	switch {
	case err != nil:
		r.add(name, Fail, "cannot read table privileges: %s", oneLine(err.Error()))
	case n == 0:
		r.add(name, Skip, "no tables yet")
	case len(missing) == 0:
		r.add(name, OK, "%s on all %d tables", strings.Join(writePrivileges, ", "), n)
	default:
		r.add(name, Fail, "%q lacks privileges on %d of %d tables (%s): GRANT %s ON ALL TABLES IN SCHEMA %s TO %s",
			user, len(missing), n, summarize(missing, 5), strings.Join(writePrivileges, ", "), ident(schema), ident(user))
	}
}

// lackingTables returns the tables missing a write privilege ("customers
// (INSERT, DELETE)") and how many tables were checked.
func lackingTables(ctx context.Context, cfg Config, schema string, want map[string]bool) ([]string, int, error) {
	rows, err := cfg.DB.Query(ctx, `SELECT c.relname, has_table_privilege(c.oid, 'SELECT'), has_table_privilege(c.oid, 'INSERT'),
has_table_privilege(c.oid, 'UPDATE'), has_table_privilege(c.oid, 'DELETE')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') ORDER BY c.relname`, schema)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var missing []string
	n := 0
	for rows.Next() {
		var table string
		has := make([]bool, len(writePrivileges))
		if err := rows.Scan(&table, &has[0], &has[1], &has[2], &has[3]); err != nil {
			return nil, 0, err
		}
		if want != nil && !want[table] {
			continue
		}
		n++
		if lack := lacking(has); len(lack) > 0 {
			missing = append(missing, fmt.Sprintf("%s (%s)", table, strings.Join(lack, ", ")))
		}
	}
	return missing, n, rows.Err()
}

// lacking names the privileges not held.
func lacking(has []bool) []string {
	var out []string
	for i, ok := range has {
		if !ok {
			out = append(out, writePrivileges[i])
		}
	}
	return out
}

// dataTables are the registry's table names.
func dataTables(cfg Config) map[string]bool {
	out := map[string]bool{}
	for _, t := range cfg.Registry.Tables {
		out[t.Name] = true
	}
	return out
}

// summarize lists up to n items and how many more there are.
func summarize(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, "; ")
	}
	return strings.Join(items[:n], "; ") + fmt.Sprintf("; and %d more", len(items)-n)
}

// ident quotes an identifier for a GRANT the operator can paste.
func ident(name string) string { return pgx.Identifier{name}.Sanitize() }
