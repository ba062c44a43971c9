// Package events follows Stripe's /v1/events stream into the data tables.
//
// The follower walks forward from a cursor (saved before the backfill
// started) with ending_before, applying each page oldest first and
// repeating while has_more, every PollInterval (500 ms by default). Each
// page commits in one transaction: the upserts and deletions, the cursor
// move and the processed-event records that make a second delivery of an
// event a no-op.
//
// Events are routed by data.object.object, never by the type's prefix.
// "*.deleted" events and deleted stubs become tombstones (except
// customer.subscription.deleted, a cancellation that leaves the
// subscription listable); invoice.upcoming previews are never stored as
// invoices. Every event itself goes into the events table.
//
// Ordering. An event's snapshot has the version of its created second (see
// package source): an older snapshot never overwrites a newer row. The
// follower queues a refetch of the object at the pinned API version, run
// once Stripe's clock has passed the event's second, when
//   - the event was rendered at another API version (its snapshot is not
//     applied at all),
//   - an embedded nested list is truncated (has_more),
//   - two events of the object share a created second, in one page or
//     against the stored row (their order is unknown), or
//   - the stored row came from a newer event than this one (a late
//     delivery whose payload may not match its created time).
//
// Late deliveries. Events created in the same second as the cursor, or
// delivered late, can sort behind the cursor where ending_before never
// looks. Every poll therefore also lists the events created since Overlap
// (1 s) before the cursor it started from, and every LookbackInterval
// those of the last LookbackWindow, and applies those not yet processed.
//
// Retention. Stripe keeps events for 30 days. When the last time the
// follower was known to be caught up is older than Retention minus
// RetentionMargin, events may be lost: Poll logs a loud warning and
// returns ErrRetention, and the caller backfills again.
package events
