package ddl

import "github.com/stripesync/stripesync/gen/ir"

// smallSchema is a hand-built model exercising what the SQL must get right:
// reserved words as names, quotes, "$" and "--" in comments, a gin index, a
// composite key, a logical foreign key and both schemas.
func smallSchema() *ir.Schema {
	return &ir.Schema{
		APIVersion:  "2025-05-28.basil",
		DataSchema:  "stripe",
		StateSchema: "stripesync",
		Tables:      []*ir.Table{customers(), lineItems(), cursorTable()},
	}
}

func customers() *ir.Table {
	return &ir.Table{
		Name: "customers", Schema: "data", Kind: ir.KindResource, Resource: "customer",
		Comment:    "This object represents a customer's\n  account; it's used to charge $1.00 or more.",
		PrimaryKey: []string{"id"},
		Columns: []*ir.Column{
			{Name: "id", Type: "text", Kind: ir.ColScalar, Comment: "Unique identifier for the object."},
			{Name: "end", Type: "timestamptz", Nullable: true, Kind: ir.ColTimestamp, Rule: "r", Reason: "SECRET-REASON", Comment: "When it ends -- if ever; see `user`."},
			{Name: "user", Type: "text", Nullable: true, Kind: ir.ColScalar},
			{Name: "limit", Type: "bigint", Nullable: true, Kind: ir.ColScalar, Comment: "Quotes \"here\" and 'there'."},
			{Name: "authorization", Type: "numeric", Nullable: true, Kind: ir.ColDecimal},
			{Name: "tags", Type: "text[]", Nullable: true, Kind: ir.ColArray},
			{Name: "metadata", Type: "jsonb", Nullable: true, Kind: ir.ColJSON, Comment: "Set of key-value pairs."},
			{Name: "_synced_at", Type: "timestamptz", Nullable: true, Kind: ir.ColBookkeeping},
		},
		Indexes: []*ir.Index{
			{Name: "customers_metadata_idx", Columns: []string{"metadata"}, Method: "gin"},
			{Name: "customers_user_end_idx", Columns: []string{"user", "end"}, Method: "btree"},
		},
	}
}

func lineItems() *ir.Table {
	return &ir.Table{
		Name: "invoice_line_items", Schema: "data", Kind: ir.KindChild,
		PrimaryKey: []string{"invoice_id", "id"},
		Columns: []*ir.Column{
			{Name: "invoice_id", Type: "text", Kind: ir.ColParent},
			{Name: "id", Type: "text", Kind: ir.ColScalar},
			{Name: "amount", Type: "bigint", Nullable: true, Kind: ir.ColScalar},
			{Name: "customer_id", Type: "text", Nullable: true, Kind: ir.ColRefID},
		},
		ForeignKeys: []*ir.ForeignKey{
			{Columns: []string{"customer_id"}, RefTable: "customers", RefColumns: []string{"id"}, Field: "customer"},
		},
		Indexes: []*ir.Index{
			{Name: "invoice_line_items_customer_id_idx", Columns: []string{"customer_id"}, Method: "btree", Unique: true},
		},
	}
}

func cursorTable() *ir.Table {
	return &ir.Table{
		Name: "event_cursor", Schema: "state", Kind: ir.KindState,
		Comment:    "The newest event applied.",
		PrimaryKey: []string{"name"},
		Columns: []*ir.Column{
			{Name: "name", Type: "text", Kind: ir.ColState},
			{Name: "event_id", Type: "text", Nullable: true, Kind: ir.ColState, Comment: "Id of the newest event -- none before the first sync."},
		},
	}
}
