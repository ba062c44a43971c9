// Package upcoming keeps the preview tables upcoming_customer_invoices
// (keyed by customer_id) and upcoming_subscription_invoices (keyed by
// subscription_id) current: a debounced refresher fetches a subject's
// upcoming invoice, with every line, after events that can change it and
// writes it through the data layer, or deletes the row when Stripe has
// nothing upcoming for the subject.
//
// # Endpoint
//
// GET /v1/invoices/upcoming (its lines from /v1/invoices/upcoming/lines) on
// API versions that have it, acacia and older; POST
// /v1/invoices/create_preview (its lines from /v1/invoices/{id}/lines) from
// basil on, where the upcoming endpoint is gone (EndpointFor). Basil also
// stopped previewing a customer "across all their subscriptions": there the
// customer table holds what create_preview computes for the customer alone
// (pending invoice items), and a subscription's next invoice lives in the
// subscription table.
//
// # Triggers
//
// Subjects are taken from the event's data.object, routed on its "object"
// field like every event:
//
//	object                 refreshes
//	customer               the customer
//	subscription           the subscription and its customer
//	subscription_schedule  its subscription and customer
//	invoice                its customer and subscription (invoice.upcoming included)
//	invoiceitem            its customer and subscription
//	discount               its customer and subscription (customer.discount.*)
//	tax_id                 its customer (customer.tax_id.*)
//	credit_note            its customer (credits change the balance applied next)
//
// Not triggers: price, plan, product, coupon, promotion_code and tax_rate
// events. Stripe does not let their amounts or rates change after creation,
// so an update to one cannot change an existing preview; applying a coupon
// or changing a subscription's prices emits the customer, discount or
// subscription events above. Test clock advances are not followed either:
// the invoices they cause emit invoice events.
//
// # Debounce
//
// A subject is refreshed Debounce after its last trigger, but no later than
// MaxDelay after its first pending one, so a burst of events costs one
// preview request. A failed refresh is retried after RetryDelay, up to
// MaxAttempts in all, then dropped until the subject's next event. A key
// that may not preview invoices (403) turns the refresher off with one
// error log instead of failing every refresh.
//
// Nothing upcoming (the row is deleted): invoice_upcoming_none, a
// resource_missing customer or subscription, and on create_preview a 400
// to a customer-alone preview (since basil Stripe may want subscription
// details). Any other error keeps the row as it was.
//
// # Never upserted as invoices
//
// invoice.upcoming events carry a preview, not an invoice (no id before
// basil, an upcoming_in_ id after). SkipUpsert reports them; the events
// follower and webhook apply path record such an event as processed
// without writing it to the invoices table, and hand it to Observe.
package upcoming
