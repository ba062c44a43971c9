package upcoming

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/runtime/stripeclient"
)

// Preview endpoints (the same values as the generator's ir.PreviewUpcoming
// and ir.PreviewCreate).
const (
	// EndpointUpcoming is GET /v1/invoices/upcoming, up to acacia.
	EndpointUpcoming = "upcoming"
	// EndpointCreatePreview is POST /v1/invoices/create_preview, from basil on.
	EndpointCreatePreview = "create_preview"
)

// basilRelease is the first API version without /v1/invoices/upcoming.
const basilRelease = "2025-03-31"

// EndpointFor returns the preview endpoint of an API version: upcoming
// before basil (2025-03-31.basil), create_preview from then on.
func EndpointFor(apiVersion string) string {
	if len(apiVersion) >= len(basilRelease) && apiVersion[:len(basilRelease)] < basilRelease {
		return EndpointUpcoming
	}
	return EndpointCreatePreview
}

// Client is the part of *stripeclient.Client the refresher uses.
type Client interface {
	// Get retrieves a path.
	Get(ctx context.Context, path string, q url.Values) (json.RawMessage, error)
	// Post sends a form.
	Post(ctx context.Context, path string, form url.Values) (json.RawMessage, error)
	// List fetches one page of a list.
	List(ctx context.Context, path string, q url.Values) (*stripeclient.Page, error)
}

// DB starts transactions (a *pgxpool.Pool).
type DB interface {
	Begin(ctx context.Context) (pgx.Tx, error)
}

// Config configures a Refresher.
type Config struct {
	// Client talks to Stripe at the pinned version. Required.
	Client Client
	// DB is the database. Required.
	DB DB
	// Store writes rows into the data schema. Required.
	Store *syncdb.Store
	// Registry describes the tables (generated.Registry). Required.
	Registry *syncdb.Registry
	// Schema is the data schema, for deletes (default "stripe").
	Schema string
	// Endpoint is EndpointUpcoming or EndpointCreatePreview (default:
	// EndpointFor(Registry.APIVersion)).
	Endpoint string
	// Debounce is the quiet time after a subject's last trigger (default 2 s).
	Debounce time.Duration
	// MaxDelay bounds the wait after a subject's first trigger (default 30 s).
	MaxDelay time.Duration
	// RetryDelay is the wait before retrying a failed refresh (default 30 s).
	RetryDelay time.Duration
	// MaxAttempts bounds the refreshes of a failing subject until its next
	// trigger (default 3).
	MaxAttempts int
	// Concurrency is how many subjects refresh at once (default 4).
	Concurrency int
	// Logger receives refresh failures (default: discard).
	Logger *slog.Logger
	// Now tells time (default time.Now).
	Now func() time.Time
}

// validate checks the config and fills in the defaults.
func (c Config) validate() (Config, error) {
	if c.Client == nil || c.DB == nil || c.Store == nil || c.Registry == nil {
		return c, errors.New("upcoming: Client, DB, Store and Registry are required")
	}
	for _, name := range []string{CustomerTable, SubscriptionTable} {
		if t := c.Registry.Table(name); t == nil || t.Kind != syncdb.KindPreview || len(t.PrimaryKey) != 1 {
			return c, fmt.Errorf("upcoming: registry has no preview table %q", name)
		}
	}
	if c.Endpoint == "" {
		c.Endpoint = EndpointFor(c.Registry.APIVersion)
	}
	if c.Endpoint != EndpointUpcoming && c.Endpoint != EndpointCreatePreview {
		return c, fmt.Errorf("upcoming: unknown preview endpoint %q", c.Endpoint)
	}
	c.Schema = cmp.Or(c.Schema, "stripe")
	c.Debounce = durOr(c.Debounce, 2*time.Second)
	c.MaxDelay = max(durOr(c.MaxDelay, 30*time.Second), c.Debounce)
	c.RetryDelay = durOr(c.RetryDelay, 30*time.Second)
	if c.Concurrency <= 0 {
		c.Concurrency = 4
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 3
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c, nil
}

func durOr(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}
