package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/runtime/stripeclient"
)

// newClient builds the Stripe client the engine uses: pinned to the
// generated API version, with the client's own limiter and retries.
func newClient(c *Config, log *slog.Logger) (*stripeclient.Client, error) {
	cl, err := stripeclient.New(stripeclient.Config{
		Key: c.Key, BaseURL: c.APIBase, APIVersion: generated.APIVersion,
		RateLimit: c.RateLimit, Logger: log.With("component", "stripe"),
	})
	if err != nil {
		return nil, fmt.Errorf("stripe client: %w", err)
	}
	return cl, nil
}

// newProbeClient builds a client for one-off checks that gives up within
// seconds instead of retrying for minutes.
func newProbeClient(c *Config) (*stripeclient.Client, error) {
	cl, err := stripeclient.New(stripeclient.Config{
		Key: c.Key, BaseURL: c.APIBase, APIVersion: generated.APIVersion, RateLimit: c.RateLimit,
		Retry: stripeclient.Retry{MaxAttempts: 3, MaxElapsed: 20 * time.Second, BaseDelay: 200 * time.Millisecond, MaxDelay: 2 * time.Second},
	})
	if err != nil {
		return nil, fmt.Errorf("stripe client: %w", err)
	}
	return cl, nil
}

// checkKey asks Stripe for the newest event, which sync needs anyway: it
// proves the API answers and accepts the key with events permission. It
// returns the newest event id ("" when there is none).
func checkKey(ctx context.Context, c *Config) (string, error) {
	cl, err := newProbeClient(c)
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	id, err := cl.LatestEventID(ctx)
	if err != nil {
		return "", explainStripe(c, err)
	}
	return id, nil
}

// explainStripe turns a failed check into one line saying what to fix.
func explainStripe(c *Config, err error) error {
	switch {
	case errors.Is(err, stripeclient.ErrUnauthorized):
		return fmt.Errorf("stripe at %s rejected the API key %s (401): check STRIPE_API_KEY, --api-key or --api-key-file", c.APIBase, c.Key)
	case errors.Is(err, stripeclient.ErrPermission):
		var re *stripeclient.RequestError
		perm := "event read"
		if errors.As(err, &re) && re.Permission != "" {
			perm = re.Permission
		}
		return fmt.Errorf("the API key %s lacks the %s permission (403) that sync needs to follow events", c.Key, perm)
	}
	return fmt.Errorf("cannot use the Stripe API at %s: %s", c.APIBase, oneLine(err))
}
