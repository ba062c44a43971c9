package stripetest_test

import (
	"fmt"
	"time"

	"github.com/stripesync/stripesync/runtime/stripetest"
)

// A syncer test seeds history, backfills, then mutates and follows events.
// In a test, stripetest.NewTestServer(t) also starts an HTTP server whose
// URL() the syncer uses as its API base, with any sk_test_ key.
func Example() {
	s, err := stripetest.New(stripetest.WithSeed(42))
	if err != nil {
		panic(err)
	}
	if err := s.Seed(1000); err != nil {
		panic(err)
	}
	// ... backfill ...
	cus, _ := s.Create("customer", map[string]any{"email": "ada@example.com"})
	s.FakeClock().Advance(time.Second)
	_, _ = s.Update(cus.ID, map[string]any{"name": "Ada"})
	s.FakeClock().Advance(time.Second)
	_ = s.Delete(cus.ID)
	// ... follow /v1/events, then compare the database with s.State() ...
	for _, e := range s.Events() {
		fmt.Println(e.Type)
	}
	fmt.Println(s.State().Total(), len(s.State().Deleted["customer"]))
	// Output:
	// customer.created
	// customer.updated
	// customer.deleted
	// 1000 1
}
