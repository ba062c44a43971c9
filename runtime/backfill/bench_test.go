package backfill_test

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/stripesync/stripesync/runtime/backfill"
	"github.com/stripesync/stripesync/runtime/stripeclient"
	"github.com/stripesync/stripesync/runtime/stripetest"
	"github.com/stripesync/stripesync/runtime/synctest"
)

// benchBackfill seeds a fake with n objects of the plan and backfills it
// into a fresh database once per iteration, reporting objects/s, requests/s
// and objects per request.
func benchBackfill(b *testing.B, n int, plan map[string]int, edit func(*stripeclient.Config), cfg func(*backfill.Config)) {
	fake := synctest.NewFake(b, stripetest.WithClock(stripetest.RealClock{}))
	if err := fake.Seed(n, stripetest.SeedOptions{Plan: plan}); err != nil {
		b.Fatal(err)
	}
	var objects, requests int64
	var elapsed time.Duration
	for b.Loop() {
		b.StopTimer()
		db := synctest.NewDB(b)
		c := synctest.NewClient(b, fake.URL(), edit)
		bf := newBackfillerWith(b, db, c, fake.Clock(), cfg)
		runtime.GC()
		b.StartTimer()
		start := time.Now()
		if err := bf.Run(b.Context()); err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
		objects += bf.Progress().Objects
		requests += c.Stats().Requests
	}
	b.ReportMetric(float64(objects)/elapsed.Seconds(), "objects/s")
	b.ReportMetric(float64(requests)/elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(objects)/float64(requests), "objects/req")
}

// topLevelPlan seeds resources listed by top-level endpoints (and the
// children they embed), the bulk of a large account.
var topLevelPlan = map[string]int{
	"customer": 10, "product": 3, "price": 4, "payment_intent": 6, "charge": 8, "refund": 2,
	"balance_transaction": 6, "invoice": 6, "line_item": 10, "subscription": 5, "subscription_item": 6,
	"invoiceitem": 3, "coupon": 1, "setup_intent": 2, "payout": 1,
}

// topLevelTables are the tables topLevelPlan fills through top-level lists
// (line items and subscription items come embedded in their parents).
var topLevelTables = []string{"customers", "products", "prices", "payment_intents", "charges", "refunds",
	"balance_transactions", "invoices", "subscriptions", "invoice_items", "coupons", "setup_intents", "payouts"}

func topLevel(c *backfill.Config)  { c.Tables = topLevelTables }
func noLimit(*stripeclient.Config) {}
func perSecond(n float64) func(*stripeclient.Config) {
	return func(c *stripeclient.Config) {
		c.RateLimit = stripeclient.RateLimit{Global: n, Endpoint: n}
	}
}

// BenchmarkBackfillTopLevel: 100,000 objects of top-level lists (with the
// line items and subscription items they embed) from stripetest on
// loopback, no rate limit.
func BenchmarkBackfillTopLevel(b *testing.B) {
	benchBackfill(b, 100_000, topLevelPlan, noLimit, topLevel)
}

// BenchmarkBackfillRateLimited: the same at the client's 100 requests/s
// (global budget, no smaller per-endpoint one); the aim is 95% of
// 100 requests x 100 objects.
func BenchmarkBackfillRateLimited(b *testing.B) {
	benchBackfill(b, 100_000, topLevelPlan, perSecond(100), topLevel)
}

// BenchmarkBackfillDefaultPlan: 50,000 objects of stripetest's default
// mix over every table, parent-scoped lists included (a request per
// customer for each of its seven lists), no rate limit.
func BenchmarkBackfillDefaultPlan(b *testing.B) {
	benchBackfill(b, 50_000, nil, noLimit, func(*backfill.Config) {})
}

// BenchmarkBackfillWorkers varies the number of concurrent jobs.
func BenchmarkBackfillWorkers(b *testing.B) {
	for _, w := range []int{2, 4, 8, 16} {
		b.Run(fmt.Sprint(w), func(b *testing.B) {
			benchBackfill(b, 100_000, topLevelPlan, noLimit, func(c *backfill.Config) { topLevel(c); c.Workers = w })
		})
	}
}
