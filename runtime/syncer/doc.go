// Package syncer runs a whole sync over the runtime services: it saves the
// events cursor before anything is backfilled, backfills what is missing
// (tables never filled, interrupted jobs, tables a migration asked to fill
// again), follows the event stream meanwhile and afterwards, re-lists the
// tables without events, and starts over with a new backfill when the
// cursor nears Stripe's 30-day event retention.
//
// It is the library behind `stripesync backfill` (Backfill) and
// `stripesync sync` (Run). Stats gathers what the CLI renders and what
// metrics export: backfill progress with rate and ETA per table, events
// applied and lag, re-list walks, and the Stripe client's traffic,
// including whether Stripe throttled the run.
package syncer
