// Package state keeps the syncer's own bookkeeping in the state schema
// (default "stripesync"): backfill checkpoints, the events cursor, the
// processed-event log used to drop duplicate deliveries, re-backfill
// requests and small named values.
//
// Every write takes the caller's transaction (a pgx.Tx), so bookkeeping
// commits atomically with the data rows it describes: a checkpoint never
// runs ahead of the rows of its page, and the events cursor never moves
// without the events it passes. InTx runs such a transaction, retrying it
// whole on deadlocks and serialization failures, and lets a batch that has
// started finish even when the caller's context is cancelled.
//
// The tables are created by the migrations (see gen/state_tables.go); this
// package never creates or alters them.
package state
