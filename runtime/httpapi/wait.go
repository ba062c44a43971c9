package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// handleWait answers once every event created before the call is applied.
func (s *Server) handleWait(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Events == nil {
		writeError(w, http.StatusNotFound, "/wait is not enabled")
		return
	}
	timeout, err := s.waitTimeout(r.URL.Query().Get("timeout"))
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), timeout)
	defer cancel()
	status, body := s.wait(ctx, timeout)
	s.stats.wait(status)
	writeJSON(w, status, body)
}

// wait asks Stripe for the newest event, then waits until it is applied.
func (s *Server) wait(ctx context.Context, timeout time.Duration) (int, map[string]any) {
	newest, err := s.newest(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return timedOut(timeout, "")
		}
		s.cfg.Logger.Warn("httpapi: /wait: cannot read the newest event", "error", err)
		return http.StatusServiceUnavailable, map[string]any{"ok": false, "error": "cannot read the newest event from Stripe: " + err.Error()}
	}
	switch {
	case newest.ID == "":
		return http.StatusOK, map[string]any{"ok": true}
	case s.cfg.Waiter != nil:
		return s.waitByTime(ctx, timeout, newest)
	}
	return s.waitByID(ctx, timeout, newest.ID)
}

// newest asks the EventSource for the newest event (with its time when a
// Waiter needs it).
func (s *Server) newest(ctx context.Context) (NewestEvent, error) {
	if s.cfg.Waiter != nil {
		return s.cfg.Events.(newestEventer).LatestEvent(ctx)
	}
	id, err := s.cfg.Events.LatestEventID(ctx)
	return NewestEvent{ID: id}, err
}

// waitByTime waits for every event up to the newest one's second.
func (s *Server) waitByTime(ctx context.Context, timeout time.Duration, newest NewestEvent) (int, map[string]any) {
	err := s.cfg.Waiter.WaitApplied(ctx, newest.Created.Add(time.Second))
	switch {
	case err == nil:
		return http.StatusOK, map[string]any{"ok": true, "event": newest.ID}
	case ctx.Err() != nil:
		return timedOut(timeout, newest.ID)
	}
	s.cfg.Logger.Error("httpapi: /wait: engine failed", "event", newest.ID, "error", err)
	return http.StatusInternalServerError, map[string]any{"ok": false, "event": newest.ID, "error": "cannot tell what is applied: " + err.Error()}
}

// waitByID asks the Tracker on every Notify and PollInterval until the
// newest event is applied.
func (s *Server) waitByID(ctx context.Context, timeout time.Duration, newest string) (int, map[string]any) {
	tick := time.NewTicker(s.cfg.PollInterval)
	defer tick.Stop()
	for {
		changed := s.changed()
		ok, err := s.cfg.Tracker.Applied(ctx, newest)
		switch {
		case err != nil && ctx.Err() != nil:
			return timedOut(timeout, newest)
		case err != nil:
			s.cfg.Logger.Error("httpapi: /wait: tracker failed", "event", newest, "error", err)
			return http.StatusInternalServerError, map[string]any{"ok": false, "event": newest, "error": "cannot tell what is applied: " + err.Error()}
		case ok:
			return http.StatusOK, map[string]any{"ok": true, "event": newest}
		}
		select {
		case <-ctx.Done():
			return timedOut(timeout, newest)
		case <-changed:
		case <-tick.C:
		}
	}
}

// timedOut is the 504 answer.
func timedOut(timeout time.Duration, event string) (int, map[string]any) {
	msg := fmt.Sprintf("timed out after %s", timeout)
	if event != "" {
		msg += " waiting for event " + event + " to be applied"
	}
	body := map[string]any{"ok": false, "error": msg}
	if event != "" {
		body["event"] = event
	}
	return http.StatusGatewayTimeout, body
}

// waitTimeout parses ?timeout=: a Go duration ("5s", "1m") or seconds
// ("5", "2.5"); empty is DefaultWait. Values past MaxWait are refused.
func (s *Server) waitTimeout(v string) (time.Duration, error) {
	if v == "" {
		return s.cfg.DefaultWait, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		secs, ferr := strconv.ParseFloat(v, 64)
		if ferr != nil {
			return 0, errors.New("timeout: want a duration such as 5s or a number of seconds")
		}
		d = time.Duration(secs * float64(time.Second))
	}
	if d <= 0 || d > s.cfg.MaxWait {
		return 0, fmt.Errorf("timeout: want more than 0 and at most %s", s.cfg.MaxWait)
	}
	return d, nil
}
