package stripetest

import (
	"strconv"
	"testing"
)

func BenchmarkSeed50k(b *testing.B) {
	if _, err := pinnedModel(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		s, err := New()
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Seed(50000); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWalkCustomers pages through every customer of a 50,000-object
// seed over HTTP with limit=100.
func BenchmarkWalkCustomers(b *testing.B) {
	s := NewTestServer(b)
	if err := s.Seed(50000); err != nil {
		b.Fatal(err)
	}
	n := s.State().Count("customer")
	b.ResetTimer()
	for b.Loop() {
		cursor, seen := "", 0
		for {
			q := vals("limit", "100")
			if cursor != "" {
				q.Set("starting_after", cursor)
			}
			p := getList(b, s, "/v1/customers", q)
			ids := p.ids(b)
			seen += len(ids)
			if !p.HasMore {
				break
			}
			cursor = ids[len(ids)-1]
		}
		if seen != n {
			b.Fatalf("walked %d of %d", seen, n)
		}
	}
	b.ReportMetric(float64(n), "objects")
}

// BenchmarkListPage measures one 100-item page deep inside a 50,000-object seed.
func BenchmarkListPage(b *testing.B) {
	s := NewTestServer(b)
	if err := s.Seed(50000); err != nil {
		b.Fatal(err)
	}
	mid := getList(b, s, "/v1/charges", vals("limit", "100", "created[lte]", strconv.FormatInt(s.Clock().Now().Unix()-25000, 10))).ids(b)[0]
	b.ResetTimer()
	for b.Loop() {
		getList(b, s, "/v1/charges", vals("limit", "100", "starting_after", mid))
	}
}
