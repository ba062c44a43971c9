package stripetest

import (
	"io"
	"log"
)

// quietLog silences net/http's server log, which would otherwise report
// every connection the fault layer cuts on purpose.
func quietLog() *log.Logger {
	return log.New(io.Discard, "", 0)
}
