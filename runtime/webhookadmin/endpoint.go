package webhookadmin

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"slices"
	"strconv"

	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/runtime/stripeclient"
)

// endpointsPath is Stripe's webhook endpoints collection.
const endpointsPath = "/v1/webhook_endpoints"

// Client is the part of *stripeclient.Client endpoint management uses.
type Client interface {
	// List fetches one page of a list endpoint.
	List(ctx context.Context, path string, q url.Values) (*stripeclient.Page, error)
	// Post sends a form and returns the JSON answer.
	Post(ctx context.Context, path string, form url.Values) (json.RawMessage, error)
	// Delete deletes an object.
	Delete(ctx context.Context, path string, q url.Values) (json.RawMessage, error)
}

// Endpoint is a webhook endpoint as Stripe reports it.
type Endpoint struct {
	// ID is the endpoint's id (we_...).
	ID string `json:"id"`
	// URL is where Stripe delivers events.
	URL string `json:"url"`
	// APIVersion is the version events are rendered at ("" for the account's default).
	APIVersion string `json:"api_version"`
	// Events are the enabled event types.
	Events []string `json:"enabled_events"`
	// Status is "enabled" or "disabled".
	Status string `json:"status"`
	// Description is the endpoint's description.
	Description string `json:"description"`
	// Created is the creation time in unix seconds.
	Created int64 `json:"created"`
}

// decodeEndpoint reads an endpoint and, on create, its signing secret.
func decodeEndpoint(raw json.RawMessage) (Endpoint, Secret, error) {
	var e struct {
		Endpoint
		APIVersion *string `json:"api_version"`
		Secret     string  `json:"secret"`
	}
	if err := json.Unmarshal(raw, &e); err != nil {
		return Endpoint{}, Secret{}, fmt.Errorf("webhookadmin: unreadable webhook endpoint: %w", err)
	}
	if e.ID == "" {
		return Endpoint{}, Secret{}, fmt.Errorf("webhookadmin: webhook endpoint without an id")
	}
	if e.APIVersion != nil {
		e.Endpoint.APIVersion = *e.APIVersion
	}
	return e.Endpoint, newSecret(e.Secret), nil
}

// listEndpoints returns every webhook endpoint of the account.
func listEndpoints(ctx context.Context, c Client) ([]Endpoint, error) {
	var out []Endpoint
	q := url.Values{"limit": {"100"}}
	for {
		p, err := c.List(ctx, endpointsPath, q)
		if err != nil {
			return nil, fmt.Errorf("webhookadmin: list webhook endpoints: %w", err)
		}
		for _, raw := range p.Data {
			e, _, err := decodeEndpoint(raw)
			if err != nil {
				return nil, err
			}
			out = append(out, e)
		}
		if !p.HasMore || len(p.Data) == 0 {
			return out, nil
		}
		q.Set("starting_after", out[len(out)-1].ID)
	}
}

// EventTypes returns the event types whose objects fill the registry's
// tables, sorted and without duplicates: what the endpoint subscribes to.
// It includes the events that refresh upcoming invoices (customer,
// subscription, invoice and invoice item events), which are all table
// events too.
func EventTypes(reg *syncdb.Registry) []string {
	var out []string
	for _, t := range reg.Tables {
		for _, e := range t.EventTypes {
			if e != "*" {
				out = append(out, e)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// eventsForm writes enabled_events[i] for every event type.
func eventsForm(form url.Values, events []string) {
	for i, e := range events {
		form.Set("enabled_events["+strconv.Itoa(i)+"]", e)
	}
}

// Secret is a webhook signing secret (whsec_...), returned once, when an
// endpoint is created. Like stripeclient.Key it never prints: fmt, slog
// and JSON show a redaction.
type Secret struct {
	value func() string
}

func newSecret(s string) Secret {
	if s == "" {
		return Secret{}
	}
	return Secret{value: func() string { return s }}
}

// IsZero reports whether there is no secret.
func (s Secret) IsZero() bool { return s.value == nil }

// Reveal returns the secret, to hand to the operator's secret store.
func (s Secret) Reveal() string {
	if s.value == nil {
		return ""
	}
	return s.value()
}

// String returns a redaction.
func (s Secret) String() string {
	if s.value == nil {
		return "(no secret)"
	}
	return "whsec_…(redacted)"
}

// Format writes the redaction for every verb.
func (s Secret) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, s.String()) }

// LogValue makes slog log the redaction.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalText encodes the redaction.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }
