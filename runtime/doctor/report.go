package doctor

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// Result is a check's outcome, spelled as stripesync's doctor table shows it.
type Result string

// Results.
const (
	// OK means the check passed.
	OK Result = "ok"
	// Warn means sync works but something is degraded or worth a look.
	Warn Result = "warn"
	// Fail means sync cannot work until it is fixed.
	Fail Result = "FAIL"
	// Skip means the check could not run (an earlier one failed).
	Skip Result = "skip"
)

// Check is one row of the report.
type Check struct {
	// Name says what was checked ("api key", "events", "permission rak_customer_read").
	Name string
	// Result is the outcome.
	Result Result
	// Detail explains it and, on a failure, what to do.
	Detail string
}

// Denial is a list the key may not read.
type Denial struct {
	// Permission is what to grant, as Stripe names it ("rak_customer_read").
	Permission string
	// Paths are the list endpoints refused.
	Paths []string
	// Tables are the tables that cannot sync: the listed ones and the
	// tables filled through them (child tables, parent-scoped lists).
	Tables []string
}

// Report is everything the doctor found.
type Report struct {
	// Checks are the rows, in order.
	Checks []Check
	// Denials are the lists the key may not read, by permission.
	Denials []Denial
	// Readable counts the lists the key read, of Probed.
	Readable, Probed int
}

// add appends a row.
func (r *Report) add(name string, res Result, format string, args ...any) {
	r.Checks = append(r.Checks, Check{Name: name, Result: res, Detail: fmt.Sprintf(format, args...)})
}

// Failed returns the failed checks.
func (r *Report) Failed() []Check {
	var out []Check
	for _, c := range r.Checks {
		if c.Result == Fail {
			out = append(out, c)
		}
	}
	return out
}

// ExitCode is 0 when sync can work (warnings allowed) and 1 when a check
// failed.
func (r *Report) ExitCode() int {
	if len(r.Failed()) > 0 {
		return 1
	}
	return 0
}

// Render writes the report as an aligned table with a CHECK, RESULT and
// DETAIL column, and a last line that sums it up.
func (r *Report) Render(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CHECK\tRESULT\tDETAIL")
	for _, c := range r.Checks {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", c.Name, c.Result, c.Detail)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("doctor: write report: %w", err)
	}
	var err error
	if n := len(r.Failed()); n > 0 {
		_, err = fmt.Fprintf(w, "\n%d of %d checks failed: sync cannot work until they are fixed.\n", n, len(r.Checks))
	} else {
		_, err = fmt.Fprintf(w, "\nall %d checks passed or only warn: sync can work.\n", len(r.Checks))
	}
	if err != nil {
		return fmt.Errorf("doctor: write report: %w", err)
	}
	return nil
}
