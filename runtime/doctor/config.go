package doctor

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"net/url"

	"github.com/jackc/pgx/v5"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/runtime/stripeclient"
)

// Client is the part of *stripeclient.Client the doctor uses. Give it a
// client with few retries: the doctor should answer in seconds.
type Client interface {
	// List fetches one page of a list.
	List(ctx context.Context, path string, q url.Values) (*stripeclient.Page, error)
	// Post sends a form (only an empty webhook endpoint create, which
	// Stripe refuses without creating anything).
	Post(ctx context.Context, path string, form url.Values) (json.RawMessage, error)
}

// DB runs the read-only database checks (a *pgxpool.Pool).
type DB interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Config says what to check.
type Config struct {
	// Key is the API key, for its mode and kind (never printed). Zero:
	// the Stripe checks fail with "no key".
	Key stripeclient.Key
	// KeyErr is why no key could be loaded, shown instead of the checks.
	KeyErr error
	// Client talks to Stripe with Key. Nil skips the Stripe checks.
	Client Client
	// DB is the database; nil fails the database checks with DBErr.
	DB DB
	// DBErr is why there is no database connection.
	DBErr error
	// Registry describes the tables (default generated.Registry).
	Registry *syncdb.Registry
	// Schema and StateSchema are the data and state schemas (default
	// "stripe" and "stripesync").
	Schema, StateSchema string
	// ExpectedMigration is the migration the build carries (default: the
	// newest embedded migration).
	ExpectedMigration int64
	// Concurrency is how many lists are probed at once (default 4).
	Concurrency int
}

// validate fills in the defaults.
func (c Config) validate() (Config, error) {
	c.Registry = cmp.Or(c.Registry, generated.Registry)
	c.Schema = cmp.Or(c.Schema, "stripe")
	c.StateSchema = cmp.Or(c.StateSchema, "stripesync")
	if c.Schema == c.StateSchema {
		return c, errors.New("doctor: the data and state schemas must differ")
	}
	if c.ExpectedMigration == 0 {
		v, err := newestMigration()
		if err != nil {
			return c, err
		}
		c.ExpectedMigration = v
	}
	if c.Concurrency <= 0 {
		c.Concurrency = 4
	}
	return c, nil
}

// Run runs every check and returns the report. It writes nothing to
// Stripe or the database. The error is only for an unusable Config; a
// failed check is a row of the report.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	cfg, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	r := &Report{}
	checkStripe(ctx, cfg, r)
	checkDatabase(ctx, cfg, r)
	return r, nil
}
