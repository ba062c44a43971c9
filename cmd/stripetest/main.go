// Command stripetest runs the stateful fake Stripe API of
// runtime/stripetest as a process, for end-to-end tests of the syncer:
//
//	stripetest -addr 127.0.0.1:12111 -seed 1 -objects 50000
//
// Point the syncer at it with --api-base http://127.0.0.1:12111 and any
// sk_test_ key. The /_stripetest/ control endpoints (see the package docs)
// create, update and delete objects, move the fake clock, inject faults and
// return the state to compare a database against.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/stripesync/stripesync/runtime/stripetest"
)

// options are the command's flags.
type options struct {
	addr       string
	seed       int64
	objects    int
	events     bool
	realtime   bool
	errorRate  float64
	throttle   float64
	cutRate    float64
	delay      time.Duration
	rateLimit  float64
	restricted string
}

func parseFlags(args []string) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("stripetest", flag.ContinueOnError)
	fs.StringVar(&o.addr, "addr", "127.0.0.1:12111", "loopback address to listen on")
	fs.Int64Var(&o.seed, "seed", 1, "seed for ids, references and fault decisions")
	fs.IntVar(&o.objects, "objects", 0, "objects to generate at start")
	fs.BoolVar(&o.events, "events", false, "emit created events for the generated objects")
	fs.BoolVar(&o.realtime, "realtime", false, "use the system clock instead of a fake clock")
	fs.Float64Var(&o.errorRate, "error-rate", 0, "fraction of requests answered 500")
	fs.Float64Var(&o.throttle, "throttle-rate", 0, "fraction of requests answered 429 (Retry-After: 1)")
	fs.Float64Var(&o.cutRate, "cut-rate", 0, "fraction of responses cut off halfway")
	fs.DurationVar(&o.delay, "delay", 0, "delay added to every response")
	fs.Float64Var(&o.rateLimit, "rate-limit", 0, "requests per second before answering 429 (0: none)")
	fs.StringVar(&o.restricted, "restricted", "", "restricted key and denied resources: rk_test_x=customer,charge")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	return o, nil
}

// build makes the server the options describe.
func build(o *options) (*stripetest.Server, error) {
	opts := []stripetest.ServerOption{stripetest.WithSeed(o.seed)}
	if o.realtime {
		opts = append(opts, stripetest.WithClock(stripetest.RealClock{}))
	}
	s, err := stripetest.New(opts...)
	if err != nil {
		return nil, err
	}
	if o.objects > 0 {
		if err := s.Seed(o.objects, stripetest.SeedOptions{Events: o.events}); err != nil {
			return nil, err
		}
	}
	if o.errorRate > 0 || o.throttle > 0 || o.cutRate > 0 || o.delay > 0 {
		s.SetFaults(stripetest.Fault{ErrorRate: o.errorRate, ThrottleRate: o.throttle, CutRate: o.cutRate, Delay: o.delay})
	}
	if o.rateLimit > 0 {
		s.SetRateLimit(o.rateLimit, max(1, int(o.rateLimit)))
	}
	if o.restricted != "" {
		key, denied, ok := strings.Cut(o.restricted, "=")
		if !ok {
			return nil, fmt.Errorf("-restricted: want KEY=resource,resource, got %q", o.restricted)
		}
		s.RestrictKey(key, strings.Split(denied, ",")...)
	}
	return s, nil
}

func run(args []string) error {
	o, err := parseFlags(args)
	if err != nil {
		return err
	}
	s, err := build(o)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return s.ListenAndServe(ctx, o.addr, func(url string) {
		fmt.Printf("stripetest: serving API %s with %d objects on %s\n", s.APIVersion(), s.State().Total(), url)
	})
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
