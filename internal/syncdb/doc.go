// Package syncdb is the hand-written half of the generated data layer: the
// table registry the runtime works through, the JSON decoder the generated
// row decoders are built on, and the batch writer that upserts rows with
// COPY and a version gate.
//
// Package generated (written by stripegen) describes every data table with a
// *Table and fills a *Registry; the runtime never names a table or a column
// itself. Its loop is:
//
//	obj, err := generated.Registry.Decode(raw, syncdb.Meta{Version: ev.Created, APIVersion: v})
//	batch.Add(obj)
//	stats, err := store.Write(ctx, tx, batch)
//
// Schema names are runtime parameters (NewStore), never part of the
// generated code, and every identifier in the SQL is quoted.
//
// Ordering: every row carries the version of the snapshot it came from
// (Meta.Version: larger is newer, e.g. an event's created time or a fetch
// time on the same clock). A write never replaces a row with an older
// version; on equal versions the larger content hash wins, so every arrival
// order ends with the same row. Deletions leave a tombstone in the state
// schema, and an upsert whose version is not newer than the tombstone is
// skipped, so no late update resurrects a deleted object.
package syncdb
