package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/stripesync/stripesync/generated"
)

// Main runs the command line of the process and returns its exit status.
// The first SIGINT or SIGTERM asks the command to stop (sync finishes the
// batch in flight and exits 0); a second one exits at once.
func Main(args []string) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go func() {
		<-sigs
		cancel()
		<-sigs
		fmt.Fprintln(os.Stderr, "stripesync: second signal: exiting without finishing the batch in flight")
		os.Exit(ExitInterrupted)
	}()
	return Run(ctx, args, Streams{
		Stdout:   os.Stdout,
		Stderr:   os.Stderr,
		Getenv:   os.Getenv,
		Terminal: isTerminal(os.Stderr, os.Getenv),
	})
}

// printVersion prints the API version and migration this build carries.
func printVersion(w io.Writer) int {
	v, err := expectedVersion()
	if err != nil {
		fmt.Fprintln(w, "stripesync:", err)
		return ExitFailure
	}
	fmt.Fprintf(w, "stripesync: Stripe API %s, migration %d\n", generated.APIVersion, v)
	return ExitOK
}
