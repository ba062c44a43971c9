package stripeclient

import (
	"context"
	"fmt"
	"log/slog"
)

// stripeLogger routes stripe-go's logs to slog at debug level, scrubbed of
// keys. The client logs retries and throttling itself, so stripe-go's own
// lines are detail, not news; its debug lines (whole response bodies) are
// dropped.
type stripeLogger struct {
	log   *slog.Logger
	scrub scrubber
}

// Debugf drops a stripe-go debug line.
func (l stripeLogger) Debugf(string, ...any) {}

// Infof logs a stripe-go info line.
func (l stripeLogger) Infof(format string, v ...any) { l.emit(format, v) }

// Warnf logs a stripe-go warning.
func (l stripeLogger) Warnf(format string, v ...any) { l.emit(format, v) }

// Errorf logs a stripe-go error.
func (l stripeLogger) Errorf(format string, v ...any) { l.emit(format, v) }

// emit formats only when debug logging is on.
func (l stripeLogger) emit(format string, v []any) {
	if !l.log.Enabled(context.Background(), slog.LevelDebug) {
		return
	}
	l.log.Debug(l.scrub.text(fmt.Sprintf(format, v...)), "source", "stripe-go")
}
