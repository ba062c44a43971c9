package cli

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/stripesync/stripesync/migrations"
	"github.com/stripesync/stripesync/runtime/stripeclient"
)

// Default settings, per the design's CLI contract.
const (
	// DefaultSchema is the data schema consumers read.
	DefaultSchema = "stripe"
	// DefaultStateSchema is the schema of the syncer's own state.
	DefaultStateSchema = "stripesync"
)

// Config is every setting of the stripesync command, after flags and the
// environment have been read. It holds no secret in a printable form: the
// API key is a stripeclient.Key, webhook secrets are Secrets and the HTTP
// token is an HTTPToken.
type Config struct {
	// DatabaseURL is the PostgreSQL connection URL.
	DatabaseURL string
	// Key is the Stripe API key (zero when none was given).
	Key stripeclient.Key
	// KeyErr is why no key could be loaded, kept for the commands that
	// need one (migrate does not).
	KeyErr error
	// APIBase is the Stripe API base URL (a fake Stripe or stripe-mock in
	// tests).
	APIBase string
	// Schema is the data schema.
	Schema string
	// StateSchema is the schema of the syncer's state.
	StateSchema string
	// Listen is the HTTP listen address for webhooks, /wait and /metrics.
	Listen string
	// WebhookSecrets are the webhook signing secrets.
	WebhookSecrets Secrets
	// HTTPToken is the bearer token GET /wait and GET /metrics require
	// (zero: they are open).
	HTTPToken HTTPToken
	// LogFormat is "text" or "json".
	LogFormat string
	// LogLevel is the least level logged.
	LogLevel slog.Level
	// Progress is "auto" (bars when stderr is a terminal), "on" or "off".
	Progress string
	// RateLimit is the Stripe client's own limiter (zero: by key mode).
	RateLimit stripeclient.RateLimit
	// RelistInterval is how often sync re-lists the tables events do not
	// keep current (0: never).
	RelistInterval time.Duration
	// RelistFullInterval is how often that re-list is a full one with a
	// sweep (0: never); at least RelistInterval.
	RelistFullInterval time.Duration
	// EventsRetention is how long rows of the events table are kept (0:
	// every event).
	EventsRetention time.Duration
}

// needs says which settings a command requires to be present.
type needs struct {
	db  bool // a database URL
	key bool // a Stripe API key
}

// validate checks the settings a command uses. Every error reads as one
// line naming the setting and never quotes a secret.
func (c *Config) validate(n needs) error {
	if c.DatabaseURL != "" || n.db {
		if err := validateDatabaseURL(c.DatabaseURL); err != nil {
			return err
		}
	}
	if err := validateSchemas(c.Schema, c.StateSchema); err != nil {
		return err
	}
	if err := validateAPIBase(c.APIBase); err != nil {
		return err
	}
	if err := validateListen(c.Listen); err != nil {
		return err
	}
	if err := c.WebhookSecrets.validate(); err != nil {
		return err
	}
	if err := c.HTTPToken.validate(c.Listen); err != nil {
		return err
	}
	if err := validateChoice("--log-format", c.LogFormat, "text", "json"); err != nil {
		return err
	}
	if err := validateChoice("--progress", c.Progress, "auto", "on", "off"); err != nil {
		return err
	}
	if n.key && c.KeyErr != nil {
		return c.KeyErr
	}
	return nil
}

// validateDatabaseURL parses the URL as pgx would, without connecting. The
// error never repeats the URL, which may hold a password.
func validateDatabaseURL(raw string) error {
	if strings.TrimSpace(raw) == "" {
		return errors.New("no database: set DATABASE_URL or --database-url")
	}
	if _, err := pgxpool.ParseConfig(raw); err != nil {
		return errors.New("--database-url: not a valid PostgreSQL URL or connection string")
	}
	return nil
}

// validateSchemas checks both schema names and that they differ.
func validateSchemas(data, state string) error {
	if err := migrations.CheckSchemaName(data); err != nil {
		return fmt.Errorf("--schema: %w", err)
	}
	if err := migrations.CheckSchemaName(state); err != nil {
		return fmt.Errorf("--state-schema: %w", err)
	}
	if data == state {
		return fmt.Errorf("--schema and --state-schema are both %q: they must differ", data)
	}
	return nil
}

// validateAPIBase accepts http(s)://host[:port] with an optional "/".
func validateAPIBase(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.User != nil || u.RawQuery != "" || u.Fragment != "" || (u.Path != "" && u.Path != "/") {
		return fmt.Errorf("--api-base %q: want http(s)://host[:port]", raw)
	}
	return nil
}

// validateListen accepts "" or host:port.
func validateListen(addr string) error {
	if addr == "" {
		return nil
	}
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return fmt.Errorf("--listen %q: want host:port, e.g. 127.0.0.1:8080", addr)
	}
	return nil
}

// validateChoice checks that v is one of choices.
func validateChoice(flag, v string, choices ...string) error {
	for _, c := range choices {
		if v == c {
			return nil
		}
	}
	return fmt.Errorf("%s %q: want one of %s", flag, v, strings.Join(choices, ", "))
}
