package doctor

import (
	"context"
	"errors"
	"net/url"
	"strings"

	"github.com/stripesync/stripesync/runtime/stripeclient"
)

// webhookEndpointsPath is where `webhooks ensure` writes.
const webhookEndpointsPath = "/v1/webhook_endpoints"

// checkStripe checks the key, events access, every top-level list and
// webhook endpoint write access.
func checkStripe(ctx context.Context, cfg Config, r *Report) {
	if !checkKey(cfg, r) {
		return
	}
	if !checkEvents(ctx, cfg, r) {
		return
	}
	checkLists(ctx, cfg, r)
	checkWebhookWrite(ctx, cfg, r)
}

// checkKey reports the key's mode and kind.
func checkKey(cfg Config, r *Report) bool {
	switch {
	case cfg.KeyErr != nil:
		r.add("api key", Fail, "%s", oneLine(cfg.KeyErr.Error()))
	case cfg.Key.IsZero():
		r.add("api key", Fail, "%s", stripeclient.ErrNoKey.Error())
	case cfg.Client == nil:
		r.add("api key", Skip, "%s: no Stripe client", describeKey(cfg.Key))
	default:
		r.add("api key", OK, "%s", describeKey(cfg.Key))
		return true
	}
	r.add("events", Skip, "no usable key")
	return false
}

// describeKey says "sk_test_…(redacted): test mode, secret key".
func describeKey(k stripeclient.Key) string {
	kind := "secret key"
	if k.Restricted() {
		kind = "restricted key"
	}
	return k.String() + ": " + k.Mode().String() + " mode, " + kind
}

// checkEvents reads the newest event, which sync cannot work without.
func checkEvents(ctx context.Context, cfg Config, r *Report) bool {
	_, err := cfg.Client.List(ctx, "/v1/events", url.Values{"limit": {"1"}})
	switch {
	case err == nil:
		r.add("events", OK, "the key can read events (/v1/events)")
		return true
	case errors.Is(err, stripeclient.ErrUnauthorized):
		r.add("events", Fail, "Stripe rejected the API key (401): check STRIPE_API_KEY, --api-key or --api-key-file")
		return false
	case errors.Is(err, stripeclient.ErrPermission):
		r.add("events", Fail, "the key cannot read events: grant %s", grant(permissionOf(err, "rak_event_read")))
		return true
	}
	r.add("events", Fail, "cannot read events: %s", oneLine(err.Error()))
	return false
}

// checkWebhookWrite asks Stripe to create an empty webhook endpoint: a
// key with write access gets 400 (missing url), one without gets 403.
// Nothing is created either way.
func checkWebhookWrite(ctx context.Context, cfg Config, r *Report) {
	_, err := cfg.Client.Post(ctx, webhookEndpointsPath, url.Values{})
	switch {
	case errors.Is(err, stripeclient.ErrPermission):
		r.add("webhook endpoints", Warn, "`stripesync webhooks ensure` needs %s; sync itself does not",
			grant(permissionOf(err, "rak_webhook_endpoint_write")))
	case err == nil || isClientError(err):
		r.add("webhook endpoints", OK, "the key can write webhook endpoints (webhooks ensure)")
	default:
		r.add("webhook endpoints", Warn, "cannot tell whether the key can write webhook endpoints: %s", oneLine(err.Error()))
	}
}

// permissionOf returns the permission a 403 names, or def.
func permissionOf(err error, def string) string {
	var re *stripeclient.RequestError
	if errors.As(err, &re) && re.Permission != "" {
		return re.Permission
	}
	return def
}

// grant renders a permission the way an operator grants it:
// "rak_customer_read (Customer: Read)".
func grant(permission string) string {
	name, ok := strings.CutPrefix(permission, "rak_")
	if !ok {
		return permission
	}
	access := "Read"
	if base, found := strings.CutSuffix(name, "_write"); found {
		name, access = base, "Write"
	} else {
		name = strings.TrimSuffix(name, "_read")
	}
	words := strings.Split(name, "_")
	for i, w := range words {
		if w != "" {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return permission + " (" + strings.Join(words, " ") + ": " + access + ")"
}

// isClientError reports a final 4xx other than 401, 403 and 429.
func isClientError(err error) bool {
	var re *stripeclient.RequestError
	return errors.As(err, &re) && re.Status >= 400 && re.Status < 500 &&
		re.Status != 401 && re.Status != 403 && re.Status != 429
}

// oneLine joins a message's lines.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
