package cli

import (
	"errors"
	"fmt"
	"strings"
)

// Exit statuses of the stripesync command.
const (
	// ExitOK means the command did what it was asked.
	ExitOK = 0
	// ExitFailure means the command failed: unreachable database, rejected
	// key, a database at another schema version, a failed sync, or a
	// doctor check that failed.
	ExitFailure = 1
	// ExitUsage means the command line was malformed.
	ExitUsage = 2
	// ExitInterrupted means a second SIGINT/SIGTERM cut the command short.
	ExitInterrupted = 130
)

// usageError is a malformed command line.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// usageErrorf makes a usageError.
func usageErrorf(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// exitCode maps an error to the command's exit status.
func exitCode(err error) int {
	var ue *usageError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ue):
		return ExitUsage
	}
	return ExitFailure
}

// oneLine renders err as a single line: wrapped errors can carry the
// newlines of a server message.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}
