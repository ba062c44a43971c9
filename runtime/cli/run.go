// Package cli is the stripesync command: flags and environment, the
// migrate, backfill, sync and doctor commands, logs and progress bars.
// cmd/stripesync is a thin main around Main.
//
// Every failure is one line on stderr and a non-zero exit status (see the
// Exit constants); a command that refuses to run writes nothing to the
// database. Secrets (the API key, webhook secrets, the database password)
// never reach the output: they are typed so they do not print, and every
// byte written passes a redactor that knows them.
package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"
)

// Streams are the command's outputs and environment.
type Streams struct {
	// Stdout receives reports (migrate's steps, doctor's table).
	Stdout io.Writer
	// Stderr receives logs, progress bars and the error line.
	Stderr io.Writer
	// Getenv reads the environment (os.Getenv when nil).
	Getenv func(string) string
	// Terminal reports whether Stderr is a terminal (progress bars).
	Terminal bool
}

// command is one subcommand.
type command struct {
	name, short, summary string
	needs                needs
	run                  func(ctx context.Context, e *env, c *Config) error
}

// commands lists the subcommands in the order usage shows them.
func commands() []command {
	return []command{
		{"migrate", "apply pending migrations under an advisory lock", migrateSummary, needs{db: true}, runMigrate},
		{"backfill", "fill every table once and exit", backfillSummary, needs{db: true, key: true}, runBackfill},
		{"sync", "backfill what is missing, then follow events until stopped", syncSummary, needs{db: true, key: true}, runSync},
		{"doctor", "check the key, the Stripe API and the database", doctorSummary, needs{}, runDoctor},
	}
}

// env is what a running command writes to.
type env struct {
	stdout, stderr io.Writer
	log            *slog.Logger
	getenv         func(string) string
	console        *console // the terminal's progress bar, or nil
}

// printf writes a report line to stdout.
func (e *env) printf(format string, args ...any) {
	fmt.Fprintf(e.stdout, format, args...)
}

// Run runs the command line args (without the program name) and returns
// the exit status. ctx ends when the command should stop (SIGINT/SIGTERM).
func Run(ctx context.Context, args []string, s Streams) int {
	if s.Getenv == nil {
		s.Getenv = os.Getenv
	}
	if len(args) == 0 {
		fmt.Fprintln(s.Stderr, "stripesync: no command: want migrate, backfill, sync or doctor (stripesync help)")
		return ExitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		topUsage(s.Stdout)
		return ExitOK
	case "version", "--version":
		return printVersion(s.Stdout)
	case "webhooks":
		return runWebhooks(ctx, rest, s)
	}
	for _, cmd := range commands() {
		if cmd.name == name {
			return runCommand(ctx, cmd, rest, s)
		}
	}
	fmt.Fprintf(s.Stderr, "stripesync: unknown command %q: want migrate, backfill, sync or doctor\n", name)
	return ExitUsage
}

// runCommand parses flags, sets up output and runs cmd.
func runCommand(ctx context.Context, cmd command, args []string, s Streams) int {
	r, err := parseArgs(cmd.name, args, s.Getenv)
	if err == errHelp {
		usage(s.Stdout, cmd.name, cmd.summary)
		return ExitOK
	}
	stderr := newRedactor(s.Stderr, nil)
	if r != nil {
		secrets := r.secretsOf(s.Getenv)
		stderr = newRedactor(s.Stderr, secrets)
		s.Stdout = newRedactor(s.Stdout, secrets)
	}
	if err == nil {
		err = execute(ctx, cmd, r, s, stderr)
	}
	if err != nil {
		fmt.Fprintf(stderr, "stripesync %s: %s\n", cmd.name, oneLine(err))
	}
	return exitCode(err)
}

// execute builds the config and logger and runs the command.
func execute(ctx context.Context, cmd command, r *raw, s Streams, stderr io.Writer) error {
	c, err := r.config(s.Getenv)
	if err != nil {
		return err
	}
	if err := c.validate(cmd.needs); err != nil {
		return usageErrorf("%s", err.Error())
	}
	e := &env{stdout: s.Stdout, stderr: stderr, getenv: s.Getenv}
	logOut := stderr
	if c.Progress == "on" || c.Progress == "auto" && s.Terminal {
		e.console = newConsole(stderr, s.Getenv, 250*time.Millisecond)
		defer e.console.Close()
		logOut = e.console
	}
	e.log = newLogger(logOut, c)
	return cmd.run(ctx, e, c)
}

// newLogger makes the command's structured logger on w.
func newLogger(w io.Writer, c *Config) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.LogLevel}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// topUsage lists the commands.
func topUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: stripesync <command> [flags]\n\ncommands:")
	for _, cmd := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", cmd.name, cmd.short)
	}
	fmt.Fprintln(w, "  webhooks  ensure or retire the Stripe webhook endpoint sync --listen receives")
	fmt.Fprintln(w, "  version   print the Stripe API version and migration this build carries")
	fmt.Fprintln(w, "\nstripesync <command> -h lists the command's flags and environment variables.")
}
