package stripetest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// ListenAndServe serves the fake on addr, which must be a loopback address
// (127.0.0.1:12111, [::1]:0, localhost:0), until ctx ends. ready, when not
// nil, is called with the base URL once the listener is open.
func (s *Server) ListenAndServe(ctx context.Context, addr string, ready func(url string)) error {
	if err := checkLoopback(addr); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("stripetest: listen: %w", err)
	}
	srv := &http.Server{Handler: s, ErrorLog: quietLog(), ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	if ready != nil {
		ready("http://" + ln.Addr().String())
	}
	select {
	case err := <-done:
		return fmt.Errorf("stripetest: serve: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("stripetest: shutdown: %w", err)
	}
	return nil
}

// checkLoopback refuses addresses other than loopback ones.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("stripetest: address %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("stripetest: address %q is not a loopback address", addr)
	}
	return nil
}
