package upcoming

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stripe/stripe-go/v82"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/internal/syncdb"
	"github.com/stripesync/stripesync/runtime/stripeclient"
)

// noClient and noDB satisfy the config; the debounce never calls them.
type noClient struct{}

func (noClient) Get(context.Context, string, url.Values) (json.RawMessage, error)  { panic("unused") }
func (noClient) Post(context.Context, string, url.Values) (json.RawMessage, error) { panic("unused") }
func (noClient) List(context.Context, string, url.Values) (*stripeclient.Page, error) {
	panic("unused")
}

type noDB struct{}

func (noDB) Begin(context.Context) (pgx.Tx, error) { panic("unused") }

func TestDebounce(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	store, _ := syncdb.NewStore("stripe", "stripesync")
	r, err := New(Config{Client: noClient{}, DB: noDB{}, Store: store, Registry: generated.Registry,
		Debounce: 2 * time.Second, MaxDelay: 10 * time.Second, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	s := Subject{Kind: Subscription, ID: "sub_1"}
	r.Schedule(s)
	if due := r.take(now.Add(time.Second), false); len(due) != 0 {
		t.Fatalf("due before the debounce: %v", due)
	}
	for range 8 { // a trigger every second keeps pushing the refresh back ...
		now = now.Add(time.Second)
		r.Schedule(s)
	}
	if next := r.nextDue(); !next.Equal(time.Unix(1_700_000_010, 0)) {
		t.Errorf("next due %v, want the first trigger plus MaxDelay", next.Unix())
	}
	if due := r.take(time.Unix(1_700_000_010, 0), false); len(due) != 1 || due[0] != s { // ... but not past MaxDelay
		t.Errorf("due at MaxDelay: %v", due)
	}
	if r.Stats().Pending != 0 {
		t.Error("a taken subject is still pending")
	}
}

func TestNothingUpcomingErrors(t *testing.T) {
	r := &Refresher{cfg: Config{Endpoint: EndpointCreatePreview}}
	cus, sub := Subject{Kind: Customer, ID: "cus_1"}, Subject{Kind: Subscription, ID: "sub_1"}
	bad := &stripe.Error{HTTPStatusCode: 400, Type: stripe.ErrorTypeInvalidRequest, Msg: "subscription details required"}
	cases := []struct {
		s    Subject
		err  error
		none bool
	}{
		{sub, &stripe.Error{HTTPStatusCode: 404, Code: "invoice_upcoming_none"}, true},
		{sub, &stripe.Error{HTTPStatusCode: 400, Code: stripe.ErrorCodeResourceMissing, Param: "subscription"}, true},
		{sub, &stripe.Error{HTTPStatusCode: 404, Type: stripe.ErrorTypeInvalidRequest, Msg: "Unrecognized request URL"}, false},
		{sub, bad, false},
		{cus, bad, true},
		{cus, &stripe.Error{HTTPStatusCode: 500, Type: stripe.ErrorTypeAPI}, false},
	}
	for _, c := range cases {
		wrapped := fmt.Errorf("call: %w", c.err)
		if got := isNone(wrapped) || r.refusedCustomer(c.s, wrapped); got != c.none {
			t.Errorf("%s, %+v: nothing upcoming = %v, want %v", c.s, c.err, got, c.none)
		}
	}
}
