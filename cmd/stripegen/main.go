// Command stripegen generates stripesync's database migrations, ERD docs and
// Go code from Stripe's OpenAPI spec at the pinned API version.
//
// Usage:
//
//	stripegen generate [--spec PATH] [--check] [--root DIR]
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line and returns the exit code. Every failure is
// reported as one line on stderr.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "generate" {
		fmt.Fprintln(stderr, "usage: stripegen generate [--spec PATH] [--check] [--root DIR]")
		return 2
	}
	fs := flag.NewFlagSet("stripegen generate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	spec := fs.String("spec", "", "spec3.json to generate from (default: the one embedded in the pinned stripe-mock module)")
	check := fs.Bool("check", false, "verify the files on disk match, write nothing")
	root := fs.String("root", ".", "repository root to write into")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if err := generate(*root, *spec, *check, stdout); err != nil {
		fmt.Fprintf(stderr, "stripegen: %v\n", err)
		return 1
	}
	return 0
}
