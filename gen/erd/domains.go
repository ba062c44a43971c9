package erd

import (
	"sort"
	"strings"

	"github.com/stripesync/stripesync/gen/ir"
)

// domain is one ERD viewpoint: the data tables of one area of Stripe.
type domain struct {
	// Slug is the domain's name as used in file names ("billing").
	Slug string
	// Title is the heading shown to people ("Billing").
	Title string
	// Blurb is one sentence on what the domain covers.
	Blurb string
	// Tables are the domain's tables sorted by name.
	Tables []*ir.Table
	// hue colours the domain's table headers in SVG diagrams.
	hue int
}

// knownDomain describes a domain people expect to find, in display order.
type knownDomain struct {
	slug, title, blurb string
}

// knownDomains lead the index in this order; any other domain follows by
// name, and "other" comes last.
var knownDomains = []knownDomain{
	{"payments", "Payments", "Charges, payment intents and methods, refunds, disputes, payouts and the balance."},
	{"billing", "Billing", "Products and prices, subscriptions, invoices, credit notes, quotes and coupons."},
	{"customers", "Customers", "Customers and what hangs off them directly: tax ids, balance and cash balance transactions."},
	{"connect", "Connect", "Connected accounts, their people and capabilities, transfers and application fees."},
	{"checkout", "Checkout", "Checkout sessions, payment links and the line items they sell."},
	{"issuing", "Issuing", "Issued cards, cardholders, authorizations, transactions and disputes."},
	{"treasury", "Treasury", "Financial accounts and the money movements in and out of them."},
	{"terminal", "Terminal", "In-person payments: readers, locations and configurations."},
	{"tax", "Tax", "Tax rates, tax codes and Stripe Tax calculations, transactions and registrations."},
	{"radar", "Radar", "Fraud prevention: reviews, early fraud warnings and value lists."},
	{"identity", "Identity", "Identity verification sessions and reports."},
	{"reporting", "Reporting", "Report runs and scheduled Sigma query runs."},
}

// otherDomain collects tables without a more specific domain.
const otherDomain = "other"

// groupDomains sorts the data tables into domains in display order.
func (c *catalog) groupDomains() {
	bySlug := map[string]*domain{}
	for _, t := range c.tables {
		slug := domainSlug(t.Domain)
		d := bySlug[slug]
		if d == nil {
			d = newDomain(slug)
			bySlug[slug] = d
		}
		d.Tables = append(d.Tables, t)
		c.domain[t.Name] = d
	}
	for _, slug := range orderDomains(bySlug) {
		d := bySlug[slug]
		d.hue = domainHue(len(c.domains))
		c.domains = append(c.domains, d)
	}
}

// domainSlug maps a table's Domain to a safe file name; empty means "other".
func domainSlug(name string) string {
	s := strings.ToLower(strings.TrimSpace(name))
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return otherDomain
	}
	return b.String()
}

// newDomain makes a domain with its title and blurb filled in.
func newDomain(slug string) *domain {
	for _, k := range knownDomains {
		if k.slug == slug {
			return &domain{Slug: slug, Title: k.title, Blurb: k.blurb}
		}
	}
	if slug == otherDomain {
		return &domain{Slug: slug, Title: "Other", Blurb: "Tables that belong to no larger area."}
	}
	title := strings.ReplaceAll(slug, "_", " ")
	title = strings.ToUpper(title[:1]) + title[1:]
	return &domain{Slug: slug, Title: title, Blurb: title + " tables."}
}

// orderDomains lists the slugs present: known ones in order, then the rest by
// name, then "other".
func orderDomains(bySlug map[string]*domain) []string {
	var order, rest []string
	for _, k := range knownDomains {
		if bySlug[k.slug] != nil {
			order = append(order, k.slug)
		}
	}
	for slug := range bySlug {
		if !isKnownDomain(slug) && slug != otherDomain {
			rest = append(rest, slug)
		}
	}
	sort.Strings(rest)
	order = append(order, rest...)
	if bySlug[otherDomain] != nil {
		order = append(order, otherDomain)
	}
	return order
}

func isKnownDomain(slug string) bool {
	for _, k := range knownDomains {
		if k.slug == slug {
			return true
		}
	}
	return false
}

// domainHue spreads domain colours around the colour wheel.
func domainHue(i int) int {
	return (210 + i*137) % 360
}
