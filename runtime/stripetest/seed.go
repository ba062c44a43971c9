package stripetest

import (
	"fmt"
	"sort"
	"strconv"
	"time"
)

// DefaultSeedPlan is the mix Seed generates: resource -> relative weight.
// Parents come before children in SeedOrder so references resolve.
var DefaultSeedPlan = map[string]int{
	"customer": 10, "product": 3, "price": 4, "coupon": 1, "tax_rate": 1,
	"payment_method": 4, "subscription": 5, "subscription_item": 7,
	"invoice": 6, "line_item": 14, "invoiceitem": 3, "payment_intent": 6,
	"charge": 8, "refund": 2, "balance_transaction": 6, "credit_note": 2,
	"credit_note_line_item": 3, "setup_intent": 2, "dispute": 1, "account": 1,
	"person": 1, "transfer": 1, "transfer_reversal": 1, "application_fee": 1,
	"fee_refund": 1, "payout": 1, "tax_id": 1, "promotion_code": 1,
}

// SeedOrder is the order in which Seed first creates one object of each
// planned resource, parents before children.
var SeedOrder = []string{
	"account", "person", "customer", "product", "price", "coupon", "promotion_code", "tax_rate",
	"payment_method", "tax_id", "subscription", "subscription_item", "invoice", "line_item",
	"invoiceitem", "payment_intent", "charge", "refund", "balance_transaction", "credit_note",
	"credit_note_line_item", "setup_intent", "dispute", "transfer", "transfer_reversal",
	"application_fee", "fee_refund", "payout",
}

// SeedOptions tune Seed.
type SeedOptions struct {
	// Plan maps resources to relative weights (default DefaultSeedPlan).
	Plan map[string]int
	// Step is the gap between consecutive created times (default 1s).
	// Objects end one step before the clock's now.
	Step time.Duration
	// Events emits each object's created event (default: none; seeded
	// objects model history from before the syncer started).
	Events bool
	// CanceledFraction of subscriptions are canceled (default 0.2; negative for none).
	CanceledFraction float64
}

// seedRun is one Seed call's state.
type seedRun struct {
	s       *store
	kinds   []*kind
	weights []int
	total   int
	next    int64
	step    int64
	opts    SeedOptions
}

// Seed generates n objects across the plan's resources with strictly
// increasing created times, deterministic for the server's seed. Children
// attach to existing parents (half of them to the newest parent, so some
// parents get long nested lists).
func (s *Server) Seed(n int, opts ...SeedOptions) error {
	var o SeedOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	run, err := newSeedRun(s.st, n, o)
	if err != nil {
		return err
	}
	s.st.beginBulk()
	defer s.st.endBulk()
	defer func() { s.st.createdAt = nil }()
	s.st.createdAt = run.tick
	return run.generate(n)
}

func newSeedRun(st *store, n int, o SeedOptions) (*seedRun, error) {
	if o.Plan == nil {
		o.Plan = DefaultSeedPlan
	}
	if o.Step <= 0 {
		o.Step = time.Second
	}
	if o.CanceledFraction == 0 {
		o.CanceledFraction = 0.2
	}
	run := &seedRun{s: st, opts: o, step: max(1, int64(o.Step/time.Second))}
	run.next = st.now() - int64(n+1)*run.step
	for _, name := range planOrder(o.Plan) {
		k := st.m.kinds[name]
		if k == nil {
			return nil, fmt.Errorf("%w: seed plan names %q", ErrUnknownResource, name)
		}
		run.kinds = append(run.kinds, k)
		run.weights = append(run.weights, o.Plan[name])
		run.total += o.Plan[name]
	}
	if run.total <= 0 {
		return nil, fmt.Errorf("stripetest: seed plan has no weight")
	}
	return run, nil
}

// planOrder lists the plan's resources: SeedOrder first, others by name.
func planOrder(plan map[string]int) []string {
	var out []string
	seen := map[string]bool{}
	for _, name := range SeedOrder {
		if plan[name] > 0 {
			out, seen[name] = append(out, name), true
		}
	}
	var rest []string
	for name, w := range plan {
		if w > 0 && !seen[name] {
			rest = append(rest, name)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

// tick hands out the next created time.
func (r *seedRun) tick() int64 {
	t := r.next
	r.next += r.step
	return t
}

func (r *seedRun) generate(n int) error {
	for i := 0; i < n; i++ {
		k := r.kinds[i%len(r.kinds)]
		if i >= len(r.kinds) {
			k = r.draw()
		}
		if err := r.one(k, i); err != nil {
			return fmt.Errorf("stripetest: seed %s #%d: %w", k.name, i, err)
		}
	}
	return nil
}

// draw picks a planned kind by weight.
func (r *seedRun) draw() *kind {
	x := r.s.rng.IntN(r.total)
	for i, w := range r.weights {
		if x < w {
			return r.kinds[i]
		}
		x -= w
	}
	return r.kinds[len(r.kinds)-1]
}

// one creates one seeded object.
func (r *seedRun) one(k *kind, i int) error {
	mu := &mutation{noEvent: !r.opts.Events, parent: r.parentFor(k)}
	fields := map[string]any{}
	if k.hasMeta {
		fields["metadata"] = map[string]string{"stripetest_seq": strconv.Itoa(i)}
	}
	if k.name == "subscription" && r.s.rng.Float64() < r.opts.CanceledFraction {
		fields["status"] = "canceled"
		fields["canceled_at"] = r.next
		fields["ended_at"] = r.next
	}
	_, err := r.s.create(k, fields, mu)
	return err
}

// parentFor picks a parent for a kind served only under one: the newest
// object of the parent kind half of the time, a random one otherwise.
func (r *seedRun) parentFor(k *kind) string {
	if k.topLevel {
		return ""
	}
	for _, g := range sortedGroups(k.scoped) {
		if g.parent == nil {
			continue
		}
		p := r.s.newest(g.parent)
		if p != nil && r.s.rng.IntN(2) == 1 {
			p = r.s.pick(g.parent)
		}
		if p != nil {
			return p.id
		}
		return ""
	}
	return ""
}
