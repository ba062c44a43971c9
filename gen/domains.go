package gen

import "strings"

// namespaceDomains maps a resource namespace ("issuing" in "issuing.card") to a domain.
var namespaceDomains = map[string]string{
	"issuing":               "issuing",
	"treasury":              "treasury",
	"terminal":              "terminal",
	"tax":                   "tax",
	"radar":                 "radar",
	"checkout":              "checkout",
	"billing":               "billing",
	"billing_portal":        "billing",
	"entitlements":          "billing",
	"test_helpers":          "billing",
	"financial_connections": "connect",
	"identity":              "identity",
	"climate":               "other",
	"reporting":             "reporting",
	"sigma":                 "reporting",
	"apps":                  "other",
	"forwarding":            "payments",
}

// resourceDomains maps resources without a namespace to a domain.
var resourceDomains = map[string]string{
	"charge": "payments", "payment_intent": "payments", "payment_method": "payments",
	"refund": "payments", "dispute": "payments", "balance_transaction": "payments",
	"setup_intent": "payments", "setup_attempt": "payments", "mandate": "payments",
	"source": "payments", "source_transaction": "payments", "source_mandate_notification": "payments",
	"payment_method_configuration": "payments", "payment_method_domain": "payments",
	"apple_pay_domain": "payments", "review": "radar", "payout": "payments", "topup": "payments",
	"card": "payments", "bank_account": "payments", "token": "payments", "confirmation_token": "payments",
	"invoice": "billing", "invoiceitem": "billing", "line_item": "billing", "invoice_payment": "billing",
	"invoice_rendering_template": "billing", "subscription": "billing", "subscription_item": "billing",
	"subscription_schedule": "billing", "price": "billing", "product": "billing", "plan": "billing",
	"coupon": "billing", "promotion_code": "billing", "discount": "billing", "credit_note": "billing",
	"credit_note_line_item": "billing", "quote": "billing", "product_feature": "billing",
	"shipping_rate": "billing", "usage_record": "billing", "usage_record_summary": "billing",
	"customer": "customers", "customer_balance_transaction": "customers",
	"customer_cash_balance_transaction": "customers", "tax_id": "customers", "cash_balance": "customers",
	"account": "connect", "person": "connect", "capability": "connect", "application_fee": "connect",
	"fee_refund": "connect", "transfer": "connect", "transfer_reversal": "connect", "country_spec": "connect",
	"tax_rate": "tax", "tax_code": "tax",
	"payment_link": "checkout", "item": "checkout",
	"scheduled_query_run": "reporting",
}

// domainOf returns the ERD viewpoint a resource belongs to; "other" when unknown.
func domainOf(resource string) string {
	if i := strings.IndexByte(resource, '.'); i > 0 {
		if d, ok := namespaceDomains[resource[:i]]; ok {
			return d
		}
		return "other"
	}
	if d, ok := resourceDomains[resource]; ok {
		return d
	}
	return "other"
}
