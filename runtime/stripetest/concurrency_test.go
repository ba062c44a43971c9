package stripetest

import (
	"sync"
	"testing"
	"time"
)

// TestConcurrentReadersAndWriters runs list walks while objects are created,
// updated and deleted; run with -race.
func TestConcurrentReadersAndWriters(t *testing.T) {
	s := NewTestServer(t)
	if err := s.Seed(500); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 3 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				walkDown(t, s, "/v1/customers", 50)
				getList(t, s, "/v1/events", vals("limit", "100"))
			}
		})
	}
	for i := range 100 {
		c := mustCreate(t, s, "customer", nil)
		if _, err := s.Update(c.ID, map[string]any{"name": "n"}); err != nil {
			t.Error(err)
		}
		if i%3 == 0 {
			if err := s.Delete(c.ID); err != nil {
				t.Error(err)
			}
		}
		if i%20 == 0 {
			advance(s, time.Second)
			_ = s.State()
		}
	}
	close(stop)
	wg.Wait()
	if _, err := s.Emit("cus_missing", "customer.updated"); err == nil {
		t.Error("emit for a missing object")
	}
}
