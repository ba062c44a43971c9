package stripetest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Webhook endpoints are served here rather than by the generic mutations
// because their enabled_events is an array parameter and their signing
// secret appears only in the create response, as on Stripe:
//
//	POST /v1/webhook_endpoints       url, enabled_events[], api_version, description, metadata[k]
//	POST /v1/webhook_endpoints/{id}  url, enabled_events[], description, disabled, metadata[k]
//
// api_version can only be chosen at creation. Lists, retrieves and DELETE
// (which leaves the deleted stub) go through the generic routes. Endpoints
// emit no events.

// webhookEndpointResource is the x-resourceId of webhook endpoints.
const webhookEndpointResource = "webhook_endpoint"

// apiVersionRE matches an API version such as "2025-05-28.basil".
var apiVersionRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$`)

// webhookEndpointRoutes are the webhook endpoint writes.
func webhookEndpointRoutes() []*extraRoute {
	return []*extraRoute{
		newExtraRoute(http.MethodPost, "/v1/webhook_endpoints", nil, (*Server).createWebhookEndpoint),
		newExtraRoute(http.MethodPost, "/v1/webhook_endpoints/{webhook_endpoint}", nil, (*Server).updateWebhookEndpoint),
	}
}

// createWebhookEndpoint creates an endpoint and answers it with its secret.
func (s *Server) createWebhookEndpoint(r *http.Request, key string, _ map[string]string) (response, bool) {
	if aerr := s.authorizeWrite(key, []string{webhookEndpointResource}); aerr != nil {
		return errorResponse(aerr), true
	}
	fields, aerr := s.webhookEndpointForm(r, true)
	if aerr != nil {
		return errorResponse(aerr), true
	}
	for _, name := range []string{"url", "enabled_events"} {
		if _, ok := fields[name]; !ok {
			return errorResponse(errMissingParam(name)), true
		}
	}
	if _, ok := fields["api_version"]; !ok {
		fields["api_version"] = nil
	}
	fields["status"], fields["application"] = "enabled", nil
	s.mu.Lock()
	defer s.mu.Unlock()
	o, err := s.st.create(s.m.liveKind(webhookEndpointResource), fields, &mutation{})
	if err != nil {
		return s.mutationResult(nil, err), true
	}
	raw, _ := s.st.renderBytes(o, nil)
	return response{status: http.StatusOK, body: withField(raw, "secret", s.webhookSecret(o.id))}, true
}

// updateWebhookEndpoint changes an endpoint's url, events, description,
// status or metadata.
func (s *Server) updateWebhookEndpoint(r *http.Request, key string, vars map[string]string) (response, bool) {
	if aerr := s.authorizeWrite(key, []string{webhookEndpointResource}); aerr != nil {
		return errorResponse(aerr), true
	}
	changes, aerr := s.webhookEndpointForm(r, false)
	if aerr != nil {
		return errorResponse(aerr), true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := vars["webhook_endpoint"]
	o := s.st.objects[id]
	if o == nil || o.deleted || o.kind.name != webhookEndpointResource {
		return errorResponse(errNoSuch(webhookEndpointResource, id, "id")), true
	}
	if d, ok := changes["disabled"]; ok {
		delete(changes, "disabled")
		changes["status"] = map[bool]string{true: "disabled", false: "enabled"}[d.(bool)]
	}
	if m, ok := changes["metadata"].(map[string]any); ok {
		changes["metadata"] = mergeMetadata(o.raw("metadata"), m)
	}
	return s.mutationResult(o, s.st.update(o, changes, &mutation{})), true
}

// webhookEndpointForm reads and checks a create (or update) form.
func (s *Server) webhookEndpointForm(r *http.Request, create bool) (map[string]any, *apiError) {
	if err := r.ParseForm(); err != nil {
		return nil, invalidRequest(http.StatusBadRequest, "", "", "Invalid request body: %v", err)
	}
	out := map[string]any{}
	events, metadata := map[int]string{}, map[string]any{}
	for name, values := range r.PostForm {
		v := values[len(values)-1]
		base, sub, _ := strings.Cut(name, "[")
		sub = strings.TrimSuffix(sub, "]")
		switch {
		case base == "enabled_events":
			events[arrayIndex(sub, len(events))] = v
		case base == "metadata" && sub != "":
			metadata[sub] = v
		case base == "expand":
		case name == "url" || name == "description":
			out[name] = v
		case name == "api_version" && create:
			if !apiVersionRE.MatchString(v) {
				return nil, invalidRequest(http.StatusBadRequest, "", "api_version", "Invalid API version: %s", v)
			}
			out[name] = v
		case name == "connect" && create, name == "disabled" && !create:
			b, err := strconv.ParseBool(v)
			if err != nil {
				return nil, invalidRequest(http.StatusBadRequest, "", name, "Invalid boolean: %s", v)
			}
			out[name] = b
		default:
			return nil, errUnknownParam(name)
		}
	}
	if len(metadata) > 0 {
		out["metadata"] = metadata
	}
	return s.checkEndpointFields(out, events)
}

// checkEndpointFields validates the url and the event list.
func (s *Server) checkEndpointFields(out map[string]any, events map[int]string) (map[string]any, *apiError) {
	if u, ok := out["url"].(string); ok {
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return nil, invalidRequest(http.StatusBadRequest, "url_invalid", "url", "Invalid URL: %s", u)
		}
	}
	if len(events) == 0 {
		return out, nil
	}
	list := make([]string, 0, len(events))
	for _, i := range sortedIndexes(events) {
		e := events[i]
		if e != "*" && !slices.Contains(s.m.api.EventTypes, e) {
			return nil, invalidRequest(http.StatusBadRequest, "", "enabled_events", "Invalid enabled_events[%d]: %q is not an event type", i, e)
		}
		list = append(list, e)
	}
	out["enabled_events"] = list
	return out, nil
}

// webhookSecret derives an endpoint's signing secret from the seed and id.
func (s *Server) webhookSecret(id string) string {
	sum := sha256.Sum256([]byte(strconv.FormatInt(s.seed, 10) + "/" + id))
	return "whsec_" + hex.EncodeToString(sum[:16])
}

// arrayIndex reads the index of "a[3]" ("3"); "a[]" appends after next.
func arrayIndex(sub string, next int) int {
	if i, err := strconv.Atoi(sub); err == nil && i >= 0 {
		return i
	}
	return 1<<20 + next
}

func sortedIndexes(m map[int]string) []int {
	out := make([]int, 0, len(m))
	for i := range m {
		out = append(out, i)
	}
	slices.Sort(out)
	return out
}

// mergeMetadata applies metadata updates: "" removes a key, as on Stripe.
func mergeMetadata(old json.RawMessage, changes map[string]any) map[string]any {
	out := map[string]any{}
	_ = json.Unmarshal(old, &out)
	for k, v := range changes {
		if v == "" {
			delete(out, k)
			continue
		}
		out[k] = v
	}
	return out
}

// withField returns a JSON object with one more top-level field.
func withField(obj json.RawMessage, name string, v any) json.RawMessage {
	var m map[string]json.RawMessage
	if json.Unmarshal(obj, &m) != nil {
		return obj
	}
	m[name] = mustJSON(v)
	return mustJSON(m)
}

// mustJSON encodes a value built from plain Go types.
func mustJSON(v any) json.RawMessage {
	raw, err := json.Marshal(v)
	if err != nil {
		panic("stripetest: encode: " + err.Error())
	}
	return raw
}
