package syncdb

import "errors"

var errNotYet = errors.New("syncdb: not implemented yet")

// Encoder rebuilds Stripe JSON from rows, for checks that nothing was lost.
type Encoder struct {
	root map[string]any
}
