package httpapi

import (
	"context"
	"errors"
	"io"
	"net/http"

	"github.com/stripe/stripe-go/v82/webhook"
)

// signatureHeader carries Stripe's webhook signature.
const signatureHeader = "Stripe-Signature"

// handleWebhook verifies a delivery and applies it. 400: not signed by any
// configured secret, stale or unreadable; 500: Apply failed (Stripe
// retries); 200 only once the event's effect is committed.
func (s *Server) handleWebhook(w http.ResponseWriter, r *http.Request) {
	if len(s.cfg.Secrets) == 0 {
		writeError(w, http.StatusNotFound, "webhooks are not enabled: set STRIPE_WEBHOOK_SECRET")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBody))
	if err != nil {
		s.stats.webhook("unreadable")
		writeError(w, http.StatusBadRequest, "unreadable or oversized body")
		return
	}
	ev, err := s.verify(body, r.Header.Get(signatureHeader))
	if err != nil {
		s.stats.webhook("rejected")
		s.cfg.Logger.Warn("httpapi: webhook rejected", "reason", err.Error(), "remote", r.RemoteAddr)
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), s.cfg.ApplyTimeout)
	defer cancel()
	if err := s.cfg.Applier.Apply(ctx, body); err != nil {
		s.stats.webhook("failed")
		s.cfg.Logger.Error("httpapi: webhook event not applied; Stripe will retry",
			"event", ev.id, "type", ev.typ, "error", err)
		writeError(w, http.StatusInternalServerError, "event "+ev.id+" not applied; retry later")
		return
	}
	s.stats.webhook("applied")
	writeJSON(w, http.StatusOK, map[string]any{"received": true, "event": ev.id})
}

// verifiedEvent is what the handler needs of a verified event.
type verifiedEvent struct {
	id, typ string
}

// Reasons a delivery is rejected; they name no secret.
var (
	errNotSigned    = errors.New("no Stripe-Signature header")
	errBadHeader    = errors.New("malformed Stripe-Signature header")
	errTooOld       = errors.New("signature timestamp outside the tolerance")
	errNoValidSig   = errors.New("no signature matches a configured webhook secret")
	errNotAnEvent   = errors.New("body is not a Stripe event")
	errEventMissing = errors.New("event has no id or type")
)

// verify accepts the body when any secret signed it within the tolerance.
// It reports the most telling reason when none did.
func (s *Server) verify(body []byte, header string) (verifiedEvent, error) {
	opts := webhook.ConstructEventOptions{Tolerance: s.cfg.Tolerance, IgnoreAPIVersionMismatch: true}
	reason := errNoValidSig
	for _, secret := range s.cfg.Secrets {
		ev, err := webhook.ConstructEventWithOptions(body, header, secret, opts)
		if err == nil {
			if ev.ID == "" || ev.Type == "" {
				return verifiedEvent{}, errEventMissing
			}
			return verifiedEvent{id: ev.ID, typ: string(ev.Type)}, nil
		}
		reason = rejectReason(err)
		if reason != errNoValidSig {
			return verifiedEvent{}, reason
		}
	}
	return verifiedEvent{}, reason
}

// rejectReason maps stripe-go's errors to ours. Header and timestamp
// problems do not depend on the secret, so the first one is final.
func rejectReason(err error) error {
	switch {
	case errors.Is(err, webhook.ErrNotSigned):
		return errNotSigned
	case errors.Is(err, webhook.ErrInvalidHeader):
		return errBadHeader
	case errors.Is(err, webhook.ErrTooOld):
		return errTooOld
	case errors.Is(err, webhook.ErrNoValidSignature):
		return errNoValidSig
	}
	return errNotAnEvent
}
