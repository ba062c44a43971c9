package cli

import (
	"context"

	"github.com/stripesync/stripesync/runtime/sidecar"
)

// startSidecar runs, beside the engine, the upcoming-invoice refresher
// and, with --listen, the HTTP endpoints (POST /webhooks with
// --webhook-secret, else 404 saying so; GET /wait and /metrics, behind
// --http-token when set; GET /healthz).
// Every event the engine commits, polled or from a webhook, reaches the
// sidecar. The returned channel receives the sidecar's end: nil once ctx
// ended and the server shut down, or the error that stopped it (the
// address is taken).
func startSidecar(ctx context.Context, e *env, c *Config, eng *engine) (<-chan error, error) {
	cfg := sidecar.Config{Addr: c.Listen, Secrets: c.WebhookSecrets.Reveal(), Token: c.HTTPToken.Reveal(),
		Pool: eng.d.Pool, Client: eng.d.Client, Schema: c.Schema, StateSchema: c.StateSchema, Logger: e.log,
		Ready: func(addr string) {
			e.log.Info("listening", "addr", addr, "webhooks", c.WebhookSecrets.Len() > 0, "bearer_token", !c.HTTPToken.IsZero())
		}}
	if c.Listen != "" {
		cfg.Waiter, cfg.Metrics = eng.s, eng.s
		warnOpenRoutes(e, c)
		if c.WebhookSecrets.Len() > 0 {
			cfg.Apply = eng.s
		}
	}
	sc, err := sidecar.New(cfg)
	if err != nil {
		return nil, err // says "sidecar: ..."
	}
	eng.OnCommitted(func(typ string, object []byte) { sc.Committed(typ, object) })
	done := make(chan error, 1)
	go func() { done <- sc.Run(ctx) }()
	return done, nil
}

// warnOpenRoutes logs, once at start with --listen, what a missing setting
// leaves disabled (POST /webhooks) or open to anyone (GET /wait, /metrics).
func warnOpenRoutes(e *env, c *Config) {
	if c.WebhookSecrets.Len() == 0 {
		e.log.Warn("no --webhook-secret: POST /webhooks answers 404; events are polled")
	}
	if c.HTTPToken.IsZero() {
		e.log.Warn("no --http-token: GET /wait and GET /metrics are unauthenticated; keep the port private")
	}
}
