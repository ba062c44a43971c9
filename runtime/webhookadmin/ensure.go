package webhookadmin

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"

	"github.com/stripesync/stripesync/generated"
)

// DefaultDescription marks the endpoints stripesync manages.
const DefaultDescription = "stripesync"

// Config says which endpoint to ensure.
type Config struct {
	// Client talks to Stripe (a *stripeclient.Client). Required.
	Client Client
	// URL is the endpoint's URL, stripesync's POST /webhooks as Stripe
	// reaches it. Required.
	URL string
	// APIVersion pins the endpoint (default generated.APIVersion).
	APIVersion string
	// Events are the event types to enable (default
	// EventTypes(generated.Registry)). "*" is refused.
	Events []string
	// Description is set on created endpoints (default DefaultDescription).
	Description string
	// DryRun computes the result without changing anything.
	DryRun bool
}

// validate checks the config and fills in the defaults.
func (c Config) validate() (Config, error) {
	if c.Client == nil {
		return c, errors.New("webhookadmin: no Stripe client")
	}
	u, err := url.Parse(c.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return c, fmt.Errorf("webhookadmin: --url %q: want an http(s) URL that Stripe can reach", c.URL)
	}
	if c.APIVersion == "" {
		c.APIVersion = generated.APIVersion
	}
	if c.Events == nil {
		c.Events = EventTypes(generated.Registry)
	}
	c.Events = slices.Sorted(slices.Values(c.Events))
	c.Events = slices.Compact(c.Events)
	if len(c.Events) == 0 || slices.Contains(c.Events, "*") {
		return c, errors.New("webhookadmin: the endpoint needs an explicit, non-empty event list (never \"*\")")
	}
	if c.Description == "" {
		c.Description = DefaultDescription
	}
	return c, nil
}

// Action says what Ensure did to the pinned endpoint.
type Action string

// Actions.
const (
	// Created means a new endpoint was created.
	Created Action = "created"
	// Updated means the existing endpoint's events or status were changed.
	Updated Action = "updated"
	// Unchanged means the endpoint was already as wanted.
	Unchanged Action = "unchanged"
)

// Result is what Ensure found and did.
type Result struct {
	// Endpoint is the endpoint at the pinned version, as it is now (or
	// would be, on a dry run).
	Endpoint Endpoint
	// Action is what was done to it.
	Action Action
	// Changes name what an update changed ("enabled_events", "status").
	Changes []string
	// Secret is the signing secret of a created endpoint: Stripe shows it
	// only once. Zero unless Action is Created.
	Secret Secret
	// Retire are endpoints at the same URL that RetireOld will remove
	// after the cutover: other API versions and duplicates.
	Retire []Endpoint
}

// Ensure makes sure exactly one endpoint at cfg.URL is pinned to the API
// version with exactly the wanted events and is enabled. It creates the
// endpoint when none at that version exists, updates it when its events or
// status differ, and otherwise changes nothing. Endpoints at the URL with
// another version are left alone and listed in Result.Retire (step 1 of an
// upgrade; see the package documentation).
func Ensure(ctx context.Context, cfg Config) (*Result, error) {
	cfg, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	all, err := listEndpoints(ctx, cfg.Client)
	if err != nil {
		return nil, err
	}
	current, retire := split(all, cfg.URL, cfg.APIVersion)
	res := &Result{Retire: retire}
	if current == nil {
		return res, create(ctx, cfg, res)
	}
	return res, update(ctx, cfg, *current, res)
}

// split finds the endpoint to keep at url (the oldest at the version) and
// the others at url.
func split(all []Endpoint, target, version string) (*Endpoint, []Endpoint) {
	var keep *Endpoint
	var rest []Endpoint
	slices.SortStableFunc(all, func(a, b Endpoint) int { return cmp.Compare(a.Created, b.Created) })
	for i, e := range all {
		switch {
		case e.URL != target:
		case e.APIVersion == version && keep == nil:
			keep = &all[i]
		default:
			rest = append(rest, e)
		}
	}
	return keep, rest
}

// create creates the pinned endpoint.
func create(ctx context.Context, cfg Config, res *Result) error {
	res.Action = Created
	res.Endpoint = Endpoint{URL: cfg.URL, APIVersion: cfg.APIVersion, Events: cfg.Events,
		Status: "enabled", Description: cfg.Description}
	if cfg.DryRun {
		return nil
	}
	form := url.Values{"url": {cfg.URL}, "api_version": {cfg.APIVersion}, "description": {cfg.Description}}
	eventsForm(form, cfg.Events)
	raw, err := cfg.Client.Post(ctx, endpointsPath, form)
	if err != nil {
		return fmt.Errorf("webhookadmin: create webhook endpoint: %w", err)
	}
	res.Endpoint, res.Secret, err = decodeEndpoint(raw)
	return err
}

// update brings an existing endpoint's events and status in line.
func update(ctx context.Context, cfg Config, e Endpoint, res *Result) error {
	res.Endpoint, res.Action = e, Unchanged
	form := url.Values{}
	if !slices.Equal(slices.Sorted(slices.Values(e.Events)), cfg.Events) {
		res.Changes = append(res.Changes, "enabled_events")
		eventsForm(form, cfg.Events)
		res.Endpoint.Events = cfg.Events
	}
	if e.Status != "enabled" {
		res.Changes = append(res.Changes, "status")
		form.Set("disabled", "false")
		res.Endpoint.Status = "enabled"
	}
	if len(res.Changes) == 0 {
		return nil
	}
	res.Action = Updated
	if cfg.DryRun {
		return nil
	}
	raw, err := cfg.Client.Post(ctx, endpointsPath+"/"+url.PathEscape(e.ID), form)
	if err != nil {
		return fmt.Errorf("webhookadmin: update webhook endpoint %s: %w", e.ID, err)
	}
	res.Endpoint, _, err = decodeEndpoint(raw)
	return err
}

// RetireOld is step 2 of an upgrade, run after the cutover: it deletes the
// endpoints at cfg.URL that Ensure would list in Result.Retire (other API
// versions, duplicates) and returns them. It refuses, deleting nothing,
// when no endpoint at the pinned version exists yet: run Ensure first.
func RetireOld(ctx context.Context, cfg Config) ([]Endpoint, error) {
	cfg, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	all, err := listEndpoints(ctx, cfg.Client)
	if err != nil {
		return nil, err
	}
	current, retire := split(all, cfg.URL, cfg.APIVersion)
	if current == nil {
		return nil, fmt.Errorf("webhookadmin: no endpoint at %s is pinned to %s: run `webhooks ensure` first", cfg.URL, cfg.APIVersion)
	}
	if cfg.DryRun {
		return retire, nil
	}
	for i, e := range retire {
		if _, err := cfg.Client.Delete(ctx, endpointsPath+"/"+url.PathEscape(e.ID), nil); err != nil {
			return retire[:i], fmt.Errorf("webhookadmin: delete webhook endpoint %s: %w", e.ID, err)
		}
	}
	return retire, nil
}
