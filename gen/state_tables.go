package gen

import "github.com/stripesync/stripesync/gen/ir"

// stateTables are the runtime's own tables in the state schema. They are part
// of the model so migrations create and evolve them like the data tables.
func stateTables() []*ir.Table {
	return []*ir.Table{
		stateTable("backfill_checkpoints", "Resumable backfill position per table and list segment.",
			[]string{"table_name", "segment"},
			col("table_name", "text", "data table being backfilled"),
			col("segment", "text", "list endpoint plus parent id or created range the cursor belongs to"),
			col("cursor", "text", "id of the last object committed; the next page starts after it"),
			col("done", "boolean", "true once the segment has been listed to the end"),
			col("objects", "bigint", "objects written so far in this segment"),
			col("updated_at", "timestamptz", "when the checkpoint last moved")),
		stateTable("event_cursor", "The newest Stripe event applied, saved before the backfill starts.",
			[]string{"name"},
			col("name", "text", "cursor name, 'events' for the /v1/events follower"),
			col("event_id", "text", "id of the newest applied event"),
			col("event_created", "timestamptz", "creation time of that event, to warn before Stripe's 30-day retention"),
			col("updated_at", "timestamptz", "when the cursor last moved")),
		stateTable("processed_events", "Ids of applied events, so a duplicate delivery is applied once.",
			[]string{"event_id"},
			col("event_id", "text", "Stripe event id"),
			col("type", "text", "event type"),
			col("created", "timestamptz", "event creation time"),
			col("applied_at", "timestamptz", "when the syncer applied it")),
		stateTable("tombstones", "Deleted objects: the row leaves its table, the deletion stays here and no late update resurrects it.",
			[]string{"table_name", "id"},
			col("table_name", "text", "data table the object belonged to"),
			col("id", "text", "Stripe id of the deleted object"),
			col("deleted_at", "timestamptz", "when the deletion happened in Stripe"),
			col("_version", "bigint", "ordering version of the deletion")),
		stateTable("rebackfill", "Tables a migration changed, to be backfilled again by the next sync.",
			[]string{"table_name"},
			col("table_name", "text", "data table to backfill again"),
			col("reason", "text", "what changed"),
			col("api_version", "text", "API version that requires it"),
			col("recorded_at", "timestamptz", "when the migration recorded it")),
		withIndex(stateTable("refetch_queue", "Objects to fetch again at the pinned API version, queued with the event that asked.",
			[]string{"table_name", "id"},
			col("table_name", "text", "data table of the object"),
			col("id", "text", "Stripe id of the object"),
			col("path", "text", "endpoint retrieving it"),
			col("not_before", "bigint", "unix second of Stripe's clock from which to fetch"),
			col("reason", "text", "why: another API version, a truncated list, events in the same second"),
			col("queued_at", "timestamptz", "when the request was last queued")),
			"not_before"),
		stateTable("sync_state", "Small named values the syncer keeps between runs.",
			[]string{"key"},
			col("key", "text", "name of the value"),
			col("value", "jsonb", "the value"),
			col("updated_at", "timestamptz", "when it was last written")),
	}
}

func stateTable(name, comment string, pk []string, cols ...*ir.Column) *ir.Table {
	t := &ir.Table{Name: name, Schema: "state", Kind: ir.KindState, Domain: "stripesync", Comment: comment, Columns: cols, PrimaryKey: pk}
	for _, c := range cols {
		c.Nullable = !contains(pk, c.Name)
	}
	return t
}

// withIndex adds a btree index on one column of a state table.
func withIndex(t *ir.Table, column string) *ir.Table {
	t.Indexes = append(t.Indexes, &ir.Index{Name: t.Name + "_" + column + "_idx", Columns: []string{column}, Method: "btree"})
	return t
}

func col(name, typ, comment string) *ir.Column {
	return &ir.Column{Name: name, Type: typ, Kind: ir.ColState, Rule: "state", Reason: "runtime state", Comment: comment}
}
