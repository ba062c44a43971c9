package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Server serves the webhook, wait, health and metrics endpoints. It is
// safe for concurrent use.
type Server struct {
	cfg   Config
	mux   *http.ServeMux
	auth  bearerAuth
	stats serverStats

	mu      sync.Mutex
	applied chan struct{} // closed and replaced by Notify
}

// New checks cfg and builds a Server.
func New(cfg Config) (*Server, error) {
	cfg, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, mux: http.NewServeMux(), auth: newBearerAuth(cfg.Token), applied: make(chan struct{})}
	s.mux.HandleFunc("POST /webhooks", s.handleWebhook)
	s.mux.HandleFunc("GET /wait", s.requireToken("wait", s.handleWait))
	s.mux.HandleFunc("GET /healthz", s.handleHealth)
	s.mux.HandleFunc("GET /metrics", s.requireToken("metrics", s.handleMetrics))
	return s, nil
}

// Handler returns the server's routes, for tests or another server.
func (s *Server) Handler() http.Handler { return s.mux }

// Notify wakes /wait requests to ask the Tracker again. The engine calls
// it after every commit that moves what is applied.
func (s *Server) Notify() {
	s.mu.Lock()
	close(s.applied)
	s.applied = make(chan struct{})
	s.mu.Unlock()
}

// changed returns a channel closed at the next Notify.
func (s *Server) changed() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.applied
}

// Start listens on cfg.Addr and serves until ctx ends, then shuts down,
// letting requests in flight (a webhook's Apply) finish for up to 30 s.
func (s *Server) Start(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("httpapi: listen %s: %w", s.cfg.Addr, err)
	}
	return s.Serve(ctx, ln)
}

// Serve is Start on a listener the caller opened.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: s.mux, ReadHeaderTimeout: 10 * time.Second,
		BaseContext: func(net.Listener) context.Context { return ctx }}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	if s.cfg.Ready != nil {
		s.cfg.Ready(ln.Addr().String())
	}
	select {
	case err := <-done:
		return fmt.Errorf("httpapi: serve: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("httpapi: shutdown: %w", err)
	}
	return nil
}

// handleHealth answers /healthz.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Health != nil {
		if err := s.cfg.Health(r.Context()); err != nil {
			writeError(w, http.StatusServiceUnavailable, "unhealthy: "+err.Error())
			return
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"ok": true})
}

// writeJSON writes a JSON answer.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		status, body = http.StatusInternalServerError, []byte(`{"ok":false,"error":"encode answer"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}

// writeError writes {"ok":false,"error":msg}.
func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]any{"ok": false, "error": msg})
}
