package backfill

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/stripesync/stripesync/runtime/source"
	"github.com/stripesync/stripesync/runtime/stripeclient"
)

// Sentinel errors, matched with errors.Is.
var (
	// ErrConfig means a required Config field is missing or invalid.
	ErrConfig = errors.New("backfill: invalid config")
	// ErrUnknownTable means a named table is not in the registry.
	ErrUnknownTable = errors.New("backfill: unknown table")
	// ErrIncomplete means the backfill stopped before every job finished;
	// a *PartialError says which.
	ErrIncomplete = errors.New("backfill: incomplete")
	// ErrParentFailed means a parent-scoped job did not run because a job
	// filling its parent table failed.
	ErrParentFailed = errors.New("backfill: parent table not filled")
)

// Unavailable reports whether a job failed because Stripe does not serve
// its endpoint to this account or key: an unknown URL (404 without
// resource_missing), a rejected request (400) or a missing permission
// (403), such as Issuing or Treasury lists on an account without them.
// Such jobs are reported (Progress, logs) but do not fail a run unless
// Config.FailUnavailable is set.
func Unavailable(err error) bool {
	var re *stripeclient.RequestError
	if !errors.As(err, &re) || source.IsParentMissing(err) {
		return false
	}
	switch re.Status {
	case 400, 403, 404:
		return true
	}
	return false
}

// PartialError is returned when some jobs finished and others did not. It
// unwraps to ErrIncomplete and to every job's error.
type PartialError struct {
	// Done lists the jobs that finished, by name.
	Done []string
	// Failed maps the jobs that did not finish to why.
	Failed map[string]error
}

// Error summarises the failures on one line.
func (e *PartialError) Error() string {
	names := make([]string, 0, len(e.Failed))
	for n := range e.Failed {
		names = append(names, n)
	}
	sort.Strings(names)
	var parts []string
	for i, n := range names {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("and %d more", len(names)-3))
			break
		}
		parts = append(parts, n+": "+e.Failed[n].Error())
	}
	return fmt.Sprintf("backfill: incomplete: %d of %d jobs failed: %s", len(e.Failed), len(e.Failed)+len(e.Done),
		strings.Join(parts, "; "))
}

// Unwrap returns ErrIncomplete and the jobs' errors.
func (e *PartialError) Unwrap() []error {
	out := []error{ErrIncomplete}
	for _, err := range e.Failed {
		out = append(out, err)
	}
	return out
}
