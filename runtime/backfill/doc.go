// Package backfill fills the data tables from Stripe's list endpoints and
// walks them again for periodic re-listing.
//
// Plan turns the registry into jobs: one per top-level list (with the
// parameters that widen it, such as status=all), one per parent-scoped
// list iterating its parent table's ids from the database, plus the lists
// a default filter would otherwise hide (objects on test clocks, customer
// tax ids and payment methods). The registry says what each list needs:
// the generator derives pagination and test clock filters from the spec and
// adds the rest by its named list policy. Child tables embedded in their
// parents (invoice lines, subscription items) have no job: their parents'
// pages carry them, and truncated embedded lists are fetched in full.
//
// Run executes the jobs with bounded parallelism, parents before the jobs
// that iterate them, and resumes from checkpoints in the state schema: each
// page's rows and its checkpoint commit in one transaction, so after a crash
// the backfill restarts from the last committed page and loses nothing.
// Run returns nil only when every job has listed its endpoint to the end;
// otherwise a *PartialError names what is missing. Progress reports rows,
// rate and ETA per table for the CLI.
//
// Walk runs jobs again without checkpoints for re-listing (optionally only
// objects created since a time), and can sweep: rows of tables whose
// deletions Stripe announces with no event, not seen by a full walk, are
// deleted with a tombstone at the walk's start version.
//
// Versions follow package source: every page is stamped with the time its
// request started, so a page never overwrites a newer event.
package backfill
