package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/stripesync/stripesync/runtime/stripeclient"
	"github.com/stripesync/stripesync/runtime/webhookadmin"
)

// webhooksSummary is the webhooks commands' help text.
const webhooksSummary = `stripesync webhooks ensure --url URL [--dry-run] [--secret-file FILE]
  makes sure one webhook endpoint at URL is pinned to this build's Stripe API
  version with exactly the event types the tables need (never "*"), and
  enabled: it creates it (writing its signing secret, which Stripe shows only
  once, to FILE with mode 0600; never to the output), updates its events or
  status, or changes nothing. Endpoints at URL pinned to another version are
  listed and left alone until the cutover.
stripesync webhooks retire --url URL [--dry-run]
  after the cutover, deletes the endpoints at URL that ensure listed (other
  API versions, duplicates); refuses when none is pinned to this version.`

// webhookFlags are the webhooks commands' own flags.
type webhookFlags struct {
	url, secretFile string
	dryRun          bool
}

// runWebhooks runs `stripesync webhooks ensure|retire ...`.
func runWebhooks(ctx context.Context, args []string, s Streams) int {
	if len(args) == 0 || (args[0] != "ensure" && args[0] != "retire") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			usage(s.Stdout, "webhooks ensure|retire", webhooksSummary)
			return ExitOK
		}
		fmt.Fprintln(s.Stderr, "stripesync webhooks: want ensure or retire (stripesync webhooks -h)")
		return ExitUsage
	}
	sub := args[0]
	wf, rest, err := splitWebhookFlags(args[1:])
	if err != nil {
		fmt.Fprintf(s.Stderr, "stripesync webhooks %s: %s\n", sub, err)
		return ExitUsage
	}
	run := func(ctx context.Context, e *env, c *Config) error { return webhooksEnsure(ctx, e, c, wf) }
	if sub == "retire" {
		run = func(ctx context.Context, e *env, c *Config) error { return webhooksRetire(ctx, e, c, wf) }
	}
	return runCommand(ctx, command{name: "webhooks " + sub, summary: webhooksSummary, needs: needs{key: true}, run: run}, rest, s)
}

// splitWebhookFlags takes --url, --secret-file and --dry-run out of args.
func splitWebhookFlags(args []string) (webhookFlags, []string, error) {
	var wf webhookFlags
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") {
			rest = append(rest, a)
			continue
		}
		switch name {
		case "dry-run":
			wf.dryRun = !hasVal || val == "true"
			continue
		case "url", "secret-file":
			if !hasVal {
				if i+1 >= len(args) {
					return wf, nil, usageErrorf("--%s needs a value", name)
				}
				i++
				val = args[i]
			}
			if name == "url" {
				wf.url = val
			} else {
				wf.secretFile = val
			}
			continue
		}
		rest = append(rest, a)
	}
	if wf.url == "" {
		return wf, nil, usageErrorf("--url is required: the URL where Stripe reaches `sync --listen`'s POST /webhooks")
	}
	return wf, rest, nil
}

// webhooksEnsure is `webhooks ensure`.
func webhooksEnsure(ctx context.Context, e *env, c *Config, wf webhookFlags) error {
	client, err := newClient(c, e.log)
	if err != nil {
		return err
	}
	cfg := webhookadmin.Config{Client: client, URL: wf.url, DryRun: true}
	res, err := webhookadmin.Ensure(ctx, cfg)
	if err != nil {
		return webhookErr(c, err)
	}
	if res.Action == webhookadmin.Created && !wf.dryRun && wf.secretFile == "" {
		return usageErrorf("creating an endpoint needs --secret-file FILE: Stripe shows its signing secret only once, and stripesync never prints it")
	}
	if !wf.dryRun && res.Action != webhookadmin.Unchanged {
		cfg.DryRun = false
		if res, err = webhookadmin.Ensure(ctx, cfg); err != nil {
			return webhookErr(c, err)
		}
		if res.Action == webhookadmin.Created {
			if err := writeSecret(wf.secretFile, res.Secret.Reveal()); err != nil {
				return fmt.Errorf("endpoint %s created, but its signing secret could not be saved (roll it in the Dashboard): %w", res.Endpoint.ID, err)
			}
		}
	}
	ep := res.Endpoint
	verb := string(res.Action)
	if wf.dryRun {
		verb = "would be " + verb
	}
	e.printf("endpoint %s %s: %s, api_version %s, %d event types, %s\n", orNone(ep.ID), verb, ep.URL, ep.APIVersion, len(ep.Events), ep.Status)
	if len(res.Changes) > 0 {
		e.printf("changed: %s\n", strings.Join(res.Changes, ", "))
	}
	if res.Action == webhookadmin.Created && !wf.dryRun {
		e.printf("signing secret written to %s (mode 0600): pass it to sync with --webhook-secret or STRIPE_WEBHOOK_SECRET\n", wf.secretFile)
	}
	for _, r := range res.Retire {
		e.printf("to retire after the cutover: %s (api_version %s): stripesync webhooks retire --url %s\n", r.ID, orNone(r.APIVersion), wf.url)
	}
	return nil
}

// webhooksRetire is `webhooks retire`.
func webhooksRetire(ctx context.Context, e *env, c *Config, wf webhookFlags) error {
	client, err := newClient(c, e.log)
	if err != nil {
		return err
	}
	gone, err := webhookadmin.RetireOld(ctx, webhookadmin.Config{Client: client, URL: wf.url, DryRun: wf.dryRun})
	verb := "deleted"
	if wf.dryRun {
		verb = "would be deleted"
	}
	for _, r := range gone {
		e.printf("endpoint %s (api_version %s) %s\n", r.ID, orNone(r.APIVersion), verb)
	}
	if err != nil {
		return webhookErr(c, err)
	}
	if len(gone) == 0 {
		e.printf("nothing to retire at %s\n", wf.url)
	}
	return nil
}

// webhookErr explains a failed endpoint call: a 403 names the permission.
func webhookErr(c *Config, err error) error {
	switch {
	case errors.Is(err, stripeclient.ErrPermission):
		return fmt.Errorf("the API key %s cannot manage webhook endpoints (403): grant it write on Webhook Endpoints", c.Key)
	case errors.Is(err, stripeclient.ErrUnauthorized):
		return explainStripe(c, err)
	}
	return err
}

// writeSecret writes a secret to a new or truncated file readable by the
// owner only.
func writeSecret(path, secret string) error {
	if secret == "" {
		return errors.New("stripe returned no secret")
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := f.WriteString(secret + "\n"); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
