package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/stripesync/stripesync/generated"
)

// doctorSummary is the doctor command's help text.
const doctorSummary = `Checks what sync needs and prints a table: the API key (live or test mode,
restricted or not), that the Stripe API answers and accepts it, that the
database answers, and its schema version. Exits non-zero when sync cannot
work. Writes nothing.`

// Check results.
const (
	checkOK   = "ok"
	checkFail = "FAIL"
	checkWarn = "warn"
	checkSkip = "skip"
)

// checkRow is one line of doctor's table.
type checkRow struct {
	name, result, detail string
}

// runDoctor is the doctor command.
func runDoctor(ctx context.Context, e *env, c *Config) error {
	rows := []checkRow{{"build", checkOK, buildDetail()}}
	rows = append(rows, doctorStripe(ctx, c)...)
	rows = append(rows, doctorDatabase(ctx, c)...)
	rows = append(rows, doctorHTTP(c)...)
	printChecks(e.stdout, rows)
	failed := 0
	for _, r := range rows {
		if r.result == checkFail {
			failed++
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d checks failed: sync cannot work", failed, len(rows))
	}
	return nil
}

// buildDetail names the API version and migration this build carries.
func buildDetail() string {
	v, err := expectedVersion()
	if err != nil {
		return err.Error()
	}
	return fmt.Sprintf("Stripe API %s, migration %d", generated.APIVersion, v)
}

// doctorStripe checks the key and the API.
func doctorStripe(ctx context.Context, c *Config) []checkRow {
	if c.KeyErr != nil {
		return []checkRow{{"api key", checkFail, oneLine(c.KeyErr)}, {"stripe api", checkSkip, "no key"}}
	}
	rows := []checkRow{{"api key", checkOK, describeKey(c.Key)}}
	newest, err := checkKey(ctx, c)
	if err != nil {
		return append(rows, checkRow{"stripe api", checkFail, oneLine(err)})
	}
	detail := c.APIBase + " accepts the key; no events yet"
	if newest != "" {
		detail = c.APIBase + " accepts the key; newest event " + newest
	}
	return append(rows, checkRow{"stripe api", checkOK, detail})
}

// doctorDatabase checks that the database answers and its version.
func doctorDatabase(ctx context.Context, c *Config) []checkRow {
	if c.DatabaseURL == "" {
		return []checkRow{{"database", checkFail, "no database: set DATABASE_URL or --database-url"},
			{"schema version", checkSkip, "no database"}}
	}
	pool, err := connect(ctx, c, 2)
	if err != nil {
		return []checkRow{{"database", checkFail, oneLine(err)}, {"schema version", checkSkip, "no database"}}
	}
	defer pool.Close()
	rows := []checkRow{{"database", checkOK, serverDetail(ctx, pool)}}
	st, err := probeSchema(ctx, pool, c)
	if err != nil {
		return append(rows, checkRow{"schema version", checkFail, oneLine(err)})
	}
	if err := st.check(c); err != nil {
		return append(rows, checkRow{"schema version", checkFail, oneLine(err)})
	}
	return append(rows, checkRow{"schema version", checkOK,
		fmt.Sprintf("migration %d in %q (state in %q), as this build expects", st.Current, c.Schema, c.StateSchema)})
}

// serverDetail names the server and its version.
func serverDetail(ctx context.Context, pool *pgxpool.Pool) string {
	var version string
	if err := pool.QueryRow(ctx, "SHOW server_version").Scan(&version); err != nil {
		version = "version unknown"
	}
	return describeDB(pool.Config()) + ", PostgreSQL " + version
}

// doctorHTTP reports the HTTP settings, which are accepted but not served
// yet.
func doctorHTTP(c *Config) []checkRow {
	var rows []checkRow
	if c.Listen == "" {
		rows = append(rows, checkRow{"http endpoints", checkSkip, "--listen not set"})
	} else {
		rows = append(rows, checkRow{"http endpoints", checkWarn, errListenNotImplemented(c.Listen).Error()})
	}
	if c.WebhookSecrets.Len() > 0 {
		rows = append(rows, checkRow{"webhook secret", checkWarn, c.WebhookSecrets.String() + ": unused until webhooks are implemented"})
	}
	return rows
}

// errListenNotImplemented says that --listen does nothing yet.
func errListenNotImplemented(addr string) error {
	return errors.New("--listen " + addr + " is accepted but the HTTP endpoints (webhooks, /wait, /metrics) are not implemented yet: nothing listens there; events are polled")
}

// printChecks writes the table.
func printChecks(w io.Writer, rows []checkRow) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CHECK\tRESULT\tDETAIL")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.name, r.result, r.detail)
	}
	tw.Flush()
}
