package stripetest

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// apiError is Stripe's error object, sent as {"error": {...}}.
type apiError struct {
	status  int
	Type    string `json:"type"`
	Code    string `json:"code,omitempty"`
	Message string `json:"message"`
	Param   string `json:"param,omitempty"`
	DocURL  string `json:"doc_url,omitempty"`
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.status, e.Type, e.Message) }

// body renders the error envelope.
func (e *apiError) body() []byte {
	b, _ := json.Marshal(struct {
		Error *apiError `json:"error"`
	}{e})
	return b
}

func invalidRequest(status int, code, param, format string, args ...any) *apiError {
	e := &apiError{status: status, Type: "invalid_request_error", Code: code, Param: param, Message: fmt.Sprintf(format, args...)}
	if code != "" {
		e.DocURL = "https://stripe.com/docs/error-codes/" + code
	}
	return e
}

func errUnknownParam(name string) *apiError {
	return invalidRequest(http.StatusBadRequest, "parameter_unknown", name, "Received unknown parameter: %s", name)
}

func errMissingParam(name string) *apiError {
	return invalidRequest(http.StatusBadRequest, "parameter_missing", name, "Missing required param: %s.", name)
}

func errInvalidParam(name, format string, args ...any) *apiError {
	return invalidRequest(http.StatusBadRequest, "parameter_invalid_integer", name, format, args...)
}

func errNoSuch(resource, id, param string) *apiError {
	status := http.StatusNotFound
	if param != "id" {
		status = http.StatusBadRequest
	}
	return invalidRequest(status, "resource_missing", param, "No such %s: '%s'", resource, id)
}

func errUnrecognizedURL(method, path string) *apiError {
	return invalidRequest(http.StatusNotFound, "", "", "Unrecognized request URL (%s: %s). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.", method, path)
}

func errNoKey() *apiError {
	return invalidRequest(http.StatusUnauthorized, "", "", "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.")
}

func errBadKey(key string) *apiError {
	return invalidRequest(http.StatusUnauthorized, "", "", "Invalid API Key provided: %s", redactKey(key))
}

func errPermission(key, permission string) *apiError {
	return invalidRequest(http.StatusForbidden, "", "", "The provided key '%s' does not have the required permissions for this endpoint on account '%s'. Having the '%s' permission would allow this request to continue.", redactKey(key), fakeAccount, permission)
}

func errRateLimited() *apiError {
	return invalidRequest(http.StatusTooManyRequests, "rate_limit", "", "Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.")
}

func errServer() *apiError {
	return &apiError{status: http.StatusInternalServerError, Type: "api_error", Message: "An unknown error occurred (injected by stripetest)."}
}

// fakeAccount is the account id the fake answers for.
const fakeAccount = "acct_stripetest"

// redactKey shows a key the way Stripe echoes it: prefix, stars, last 4.
func redactKey(key string) string {
	if len(key) <= 12 {
		return "****"
	}
	return key[:8] + "********" + key[len(key)-4:]
}
