package cli

import (
	"context"
	"fmt"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/runtime/doctor"
)

// doctorSummary is the doctor command's help text.
const doctorSummary = `Checks what sync needs and prints a table: the API key (live or test mode,
restricted or not), that Stripe accepts it and which permissions each list
needs, that the database answers, its schema version and privileges. Exits
non-zero when sync cannot work. Writes nothing.`

// runDoctor is the doctor command: runtime/doctor's checks (key, events,
// every list's permission, webhook endpoint access, database, schema
// version, privileges) framed by what this build carries and the HTTP
// settings. It writes nothing.
func runDoctor(ctx context.Context, e *env, c *Config) error {
	cfg := doctor.Config{Key: c.Key, KeyErr: c.KeyErr, Schema: c.Schema, StateSchema: c.StateSchema}
	if c.KeyErr == nil {
		if cl, err := newProbeClient(c); err != nil {
			cfg.KeyErr = err
		} else {
			cfg.Client = cl
		}
	}
	if c.DatabaseURL != "" {
		pool, err := connect(ctx, c, 4)
		if err != nil {
			cfg.DBErr = err
		} else {
			defer pool.Close()
			cfg.DB = pool
		}
	}
	rep, err := doctor.Run(ctx, cfg)
	if err != nil {
		return err
	}
	rep.Checks = append([]doctor.Check{{Name: "build", Result: doctor.OK, Detail: buildDetail()}}, rep.Checks...)
	rep.Checks = append(rep.Checks, httpChecks(c)...)
	if err := rep.Render(e.stdout); err != nil {
		return err
	}
	if n := len(rep.Failed()); n > 0 {
		return fmt.Errorf("%d of %d checks failed: sync cannot work", n, len(rep.Checks))
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

// httpChecks reports the HTTP settings `sync` would serve.
func httpChecks(c *Config) []doctor.Check {
	var out []doctor.Check
	if c.Listen == "" {
		out = append(out, doctor.Check{Name: "http endpoints", Result: doctor.Skip, Detail: "--listen not set"})
		if c.WebhookSecrets.Len() > 0 {
			out = append(out, doctor.Check{Name: "webhook secret", Result: doctor.Warn,
				Detail: c.WebhookSecrets.String() + ": unused without --listen"})
		}
		return out
	}
	detail := "sync serves /wait, /healthz and /metrics on " + c.Listen
	if c.WebhookSecrets.Len() > 0 {
		detail += ", and POST /webhooks checked against " + c.WebhookSecrets.String()
	} else {
		detail += "; POST /webhooks answers 404 without --webhook-secret"
	}
	return append(out, doctor.Check{Name: "http endpoints", Result: doctor.OK, Detail: detail})
}
