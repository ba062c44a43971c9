package stripetest

import (
	"encoding/json"
	"net/http"
	"net/url"
)

// subject is what an invoice preview is asked for.
type subject struct {
	customer, subscription string
}

// preview is a computed upcoming invoice before rendering.
type preview struct {
	id           string // "" on the upcoming endpoint
	customer     string
	subscription string
	currency     string
	total        int64
	lines        []json.RawMessage
	lineIDs      []string
	linesURL     string
}

// lineIndex returns the position of a line id, or -1.
func (p *preview) lineIndex(id string) int {
	for i, l := range p.lineIDs {
		if l == id {
			return i
		}
	}
	return -1
}

// page returns up to limit lines from start and whether more follow.
func (p *preview) page(start, limit int) ([]json.RawMessage, bool) {
	end := min(start+limit, len(p.lines))
	if start >= end {
		return []json.RawMessage{}, false
	}
	return p.lines[start:end], end < len(p.lines)
}

// preview computes the upcoming invoice of a subject; legacy is the
// upcoming endpoint, which previews a customer across its subscriptions.
func (s *store) preview(subj subject, legacy bool) (*preview, *apiError) {
	p := &preview{customer: subj.customer, subscription: subj.subscription}
	if p.subscription != "" {
		sub, aerr := s.liveSubject(p.subscription, "subscription")
		if aerr != nil {
			return nil, aerr
		}
		if st := jsonString(sub.raw("status")); st == "canceled" || st == "incomplete_expired" {
			return nil, errUpcomingNone(p.subscription)
		}
		p.customer = sub.ref("customer")
	} else {
		if _, aerr := s.liveSubject(p.customer, "customer"); aerr != nil {
			return nil, aerr
		}
		if legacy {
			p.subscription = s.activeSubscription(p.customer)
		}
	}
	s.billItems(p)
	if len(p.lines) == 0 {
		return nil, errUpcomingNone(p.customer)
	}
	s.previewIdentity(p, subj, legacy)
	return p, nil
}

// previewIdentity sets the preview's id and the url of its lines.
func (s *store) previewIdentity(p *preview, subj subject, legacy bool) {
	if legacy {
		q := url.Values{}
		if subj.subscription != "" {
			q.Set("subscription", subj.subscription)
		} else {
			q.Set("customer", subj.customer)
		}
		p.linesURL = "/v1/invoices/upcoming/lines?" + q.Encode()
		return
	}
	p.id = upcomingPrefix + subj.subscription
	if subj.subscription == "" {
		p.id = upcomingPrefix + subj.customer
	}
	p.linesURL = "/v1/invoices/" + p.id + "/lines"
	for i, raw := range p.lines {
		p.lines[i] = withField(raw, "invoice", p.id)
	}
}

// liveSubject returns a live customer or subscription by id.
func (s *store) liveSubject(id, resource string) (*object, *apiError) {
	o := s.objects[id]
	if o == nil || o.deleted || o.kind.name != resource {
		return nil, errNoSuch(resource, id, resource)
	}
	return o, nil
}

// activeSubscription returns a customer's oldest subscription that will
// invoice again, or "".
func (s *store) activeSubscription(customer string) string {
	k := s.m.liveKind("subscription")
	if k == nil || s.live[k] == nil {
		return ""
	}
	for _, o := range s.live[k].items {
		st := jsonString(o.raw("status"))
		if o.ref("customer") == customer && st != "canceled" && st != "incomplete_expired" {
			return o.id
		}
	}
	return ""
}

// billItems adds the subscription's items, then the customer's pending
// invoice items.
func (s *store) billItems(p *preview) {
	if p.subscription != "" {
		for _, item := range s.subscriptionItems(p.subscription) {
			s.addItemLine(p, item)
		}
	}
	k := s.m.liveKind("invoiceitem")
	if k == nil || s.live[k] == nil {
		return
	}
	for _, ii := range s.live[k].items {
		if ii.ref("customer") == p.customer && ii.ref("invoice") == "" {
			s.addInvoiceItemLine(p, ii)
		}
	}
}

// subscriptionItems returns a subscription's live items, oldest first.
func (s *store) subscriptionItems(subID string) []*object {
	sub := s.objects[subID]
	n := sub.kind.nested["items"]
	if n == nil || n.group == nil {
		return nil
	}
	set := s.coll(n.group, subID, false)
	if set == nil {
		return nil
	}
	return set.items
}

// previewInvoice renders a preview as an invoice from the invoice fixture.
func (s *store) previewInvoice(p *preview) json.RawMessage {
	inv := s.template("invoice")
	delete(inv, "id")
	if p.id != "" {
		inv["id"] = mustJSON(p.id)
	}
	first, more := p.page(0, nestedLimit)
	now := s.now()
	set := map[string]any{
		"object": "invoice", "customer": p.customer, "currency": p.currency, "status": "draft",
		"amount_due": p.total, "amount_remaining": p.total, "amount_paid": 0, "subtotal": p.total,
		"subtotal_excluding_tax": p.total, "total": p.total, "total_excluding_tax": p.total,
		"created": now, "period_start": now, "period_end": now, "billing_reason": "upcoming",
		"number": nil, "hosted_invoice_url": nil, "invoice_pdf": nil, "livemode": false,
		"lines": json.RawMessage(listJSON(first, more, p.linesURL)),
	}
	for k, v := range set {
		inv[k] = mustJSON(v)
	}
	s.setInvoiceParent(inv, p)
	return mustJSON(inv)
}

// setInvoiceParent names the subscription in the version's shape.
func (s *store) setInvoiceParent(inv map[string]json.RawMessage, p *preview) {
	var sub any
	if p.subscription != "" {
		sub = p.subscription
	}
	if _, ok := inv["subscription"]; ok {
		inv["subscription"] = mustJSON(sub)
	}
	if _, ok := inv["parent"]; !ok {
		return
	}
	if sub == nil {
		inv["parent"] = json.RawMessage("null")
		return
	}
	inv["parent"] = mustJSON(map[string]any{"type": "subscription_details", "quote_details": nil,
		"subscription_details": map[string]any{"subscription": sub, "metadata": map[string]string{}}})
}

// template returns a copy of a resource's fixture fields.
func (s *store) template(resource string) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	if k := s.m.liveKind(resource); k != nil {
		for name, raw := range k.tmpl {
			out[name] = raw
		}
	}
	return out
}

// listJSON renders a Stripe list.
func listJSON(data []json.RawMessage, more bool, url string) []byte {
	if data == nil {
		data = []json.RawMessage{}
	}
	return mustJSON(map[string]any{"object": "list", "data": data, "has_more": more, "url": url})
}

// errUpcomingNone is Stripe's answer when nothing would be invoiced.
func errUpcomingNone(id string) *apiError {
	return invalidRequest(http.StatusNotFound, "invoice_upcoming_none", "", "No upcoming invoices for customer: %s", id)
}
