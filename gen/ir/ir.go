// Package ir is the generator's plain-data model of the database: tables,
// columns, keys, indexes and where each piece of data comes from in Stripe.
//
// Every emitter (DDL, Go code, ERD) derives its own view from this model and
// nothing else. The model is JSON-serialisable so it can be snapshotted,
// diffed between API versions and golden-tested.
package ir

// Schema is the whole generated model for one pinned Stripe API version.
type Schema struct {
	// APIVersion is the Stripe API version the model was built from, e.g. "2025-05-28.basil".
	APIVersion string `json:"api_version"`
	// DataSchema is the default Postgres schema holding Stripe data.
	DataSchema string `json:"data_schema"`
	// StateSchema is the Postgres schema holding the runtime's own state.
	StateSchema string `json:"state_schema"`
	// InvoicePreview names the endpoint that previews upcoming invoices at this
	// API version (PreviewUpcoming or PreviewCreate); empty when the spec has neither.
	InvoicePreview string `json:"invoice_preview,omitempty"`
	// Tables lists every table, data tables first, each group sorted by name.
	Tables []*Table `json:"tables"`
}

// Invoice preview endpoints (Schema.InvoicePreview).
const (
	// PreviewUpcoming is GET /v1/invoices/upcoming (with /upcoming/lines), which
	// the API has up to acacia; it removed it in basil.
	PreviewUpcoming = "upcoming"
	// PreviewCreate is POST /v1/invoices/create_preview, the only preview
	// endpoint from basil on.
	PreviewCreate = "create_preview"
)

// TableKind says what a table holds.
type TableKind string

// Table kinds.
const (
	// KindResource is a table of one Stripe resource keyed by its id.
	KindResource TableKind = "resource"
	// KindChild is a table of items from a nested list of a parent resource.
	KindChild TableKind = "child"
	// KindSingleton is a table of a resource that has no id of its own (keyed by account).
	KindSingleton TableKind = "singleton"
	// KindPreview is a table of computed objects keyed by their subject (upcoming invoices).
	KindPreview TableKind = "preview"
	// KindState is one of the runtime's own bookkeeping tables.
	KindState TableKind = "state"
)

// Table is one Postgres table.
type Table struct {
	// Name is the unquoted table name (at most 63 bytes).
	Name string `json:"name"`
	// Schema is "data" for Stripe data tables or "state" for runtime tables;
	// the concrete Postgres schema names are chosen at migration time.
	Schema string `json:"schema"`
	// Kind says what the table holds.
	Kind TableKind `json:"kind"`
	// Resource is the Stripe x-resourceId whose objects fill the table ("" for state tables).
	Resource string `json:"resource,omitempty"`
	// ObjectType is the value of the objects' "object" field, e.g. "checkout.session".
	ObjectType string `json:"object_type,omitempty"`
	// Domain groups the table for ERD viewpoints (payments, billing, connect ...).
	Domain string `json:"domain,omitempty"`
	// Comment is the table's description, taken from the spec.
	Comment string `json:"comment,omitempty"`
	// Columns are the table's columns in order: id, parent keys, spec fields, bookkeeping.
	Columns []*Column `json:"columns"`
	// PrimaryKey lists the primary key columns.
	PrimaryKey []string `json:"primary_key"`
	// ForeignKeys are logical (not enforced) references to other tables.
	ForeignKeys []*ForeignKey `json:"foreign_keys,omitempty"`
	// Indexes are the secondary indexes.
	Indexes []*Index `json:"indexes,omitempty"`
	// Parent is set on child tables: which parent list the rows come from.
	Parent *ParentLink `json:"parent,omitempty"`
	// NestedLists are the parent object's embedded lists whose items are rows of
	// other tables (child tables or the items' own resource tables).
	NestedLists []*NestedList `json:"nested_lists,omitempty"`
	// Constants are fields with one possible value ("object": "customer"), not stored.
	Constants []*Constant `json:"constants,omitempty"`
	// Lists are the list endpoints that feed the table, canonical first.
	Lists []*ListSource `json:"lists,omitempty"`
	// EventTypes are the event types whose data.object fills the table, sorted.
	EventTypes []string `json:"event_types,omitempty"`
	// Deletable says whether objects of this table can be deleted in Stripe.
	Deletable bool `json:"deletable,omitempty"`
	// RetrievePath is the GET endpoint retrieving one object by its id alone,
	// e.g. "/v1/customers/{customer}"; empty when the spec has none.
	RetrievePath string `json:"retrieve_path,omitempty"`
	// SilentStates is set when rows in some states still change in Stripe
	// without an event (a balance transaction while pending), so incremental
	// re-lists revisit them: a list policy rule, not stated by the spec.
	SilentStates *SilentStates `json:"silent_states,omitempty"`
}

// ColumnKind says how a column's value is derived from a Stripe object.
type ColumnKind string

// Column kinds.
const (
	// ColScalar holds a string, integer, number or boolean leaf as is.
	ColScalar ColumnKind = "scalar"
	// ColTimestamp holds a unix-time integer converted to timestamptz.
	ColTimestamp ColumnKind = "timestamp"
	// ColDecimal holds a decimal string converted to numeric.
	ColDecimal ColumnKind = "decimal"
	// ColArray holds an array of scalars as a Postgres array.
	ColArray ColumnKind = "array"
	// ColRefID holds the id of an expandable reference, expanded or not.
	ColRefID ColumnKind = "ref_id"
	// ColRefType holds the object type of a multi-target expandable reference.
	ColRefType ColumnKind = "ref_type"
	// ColRefIDs holds the ids of an array of expandable references.
	ColRefIDs ColumnKind = "ref_ids"
	// ColJSON holds a whole sub-tree as JSONB.
	ColJSON ColumnKind = "json"
	// ColParent holds the id of the parent object of a child row.
	ColParent ColumnKind = "parent"
	// ColBookkeeping is one of the syncer's own columns (names start with "_").
	ColBookkeeping ColumnKind = "bookkeeping"
	// ColExtra holds, as JSONB, every field the pinned spec does not know.
	ColExtra ColumnKind = "extra"
	// ColState is a column of a runtime state table.
	ColState ColumnKind = "state"
)

// Column is one column and the decision that produced it.
type Column struct {
	// Name is the unquoted column name (at most 63 bytes).
	Name string `json:"name"`
	// Type is the Postgres type, e.g. "text", "bigint", "timestamptz", "jsonb", "text[]".
	Type string `json:"type"`
	// Nullable is false only for primary key columns.
	Nullable bool `json:"nullable"`
	// Path is the JSON path of the source value inside the object ("address.city").
	Path []string `json:"path,omitempty"`
	// Kind says how the value is derived.
	Kind ColumnKind `json:"kind"`
	// ScalarType is the spec type of the source leaf ("string", "integer", "number", "boolean")
	// for scalar and array columns.
	ScalarType string `json:"scalar_type,omitempty"`
	// Targets are the resources a reference may point at (ref_id, ref_type, ref_ids).
	Targets []string `json:"targets,omitempty"`
	// Rule names the rule that chose this column.
	Rule string `json:"rule"`
	// Reason says, for people, why the rule chose it.
	Reason string `json:"reason"`
	// Comment is the field's description from the spec.
	Comment string `json:"comment,omitempty"`
	// TargetPrefixes are the id prefixes of Targets ("ba_", "card_"), parallel
	// to Targets with "" where unknown. Set on ref_type columns, so the type of
	// a reference that arrives as a bare id can be told from the id.
	TargetPrefixes []string `json:"target_prefixes,omitempty"`
}

// ForeignKey is a logical reference from this table to another; it is not enforced
// because sync order is not guaranteed.
type ForeignKey struct {
	// Columns are the referencing columns.
	Columns []string `json:"columns"`
	// RefTable is the referenced table.
	RefTable string `json:"ref_table"`
	// RefColumns are the referenced columns.
	RefColumns []string `json:"ref_columns"`
	// Field is the JSON path of the field that carries the reference.
	Field string `json:"field"`
}

// Index is a secondary index.
type Index struct {
	// Name is the unquoted index name.
	Name string `json:"name"`
	// Columns are the indexed columns.
	Columns []string `json:"columns"`
	// Method is "btree" or "gin".
	Method string `json:"method"`
	// Unique is true for unique indexes.
	Unique bool `json:"unique,omitempty"`
	// Where, when set, makes the index partial: a predicate in SQL over
	// the table's quoted columns, e.g. "status" IN ('pending').
	Where string `json:"where,omitempty"`
}

// ParentLink ties a child table to the nested list it is filled from.
type ParentLink struct {
	// Table is the parent table.
	Table string `json:"table"`
	// Column is the child column holding the parent's id.
	Column string `json:"column"`
	// Field is the parent's property holding the nested list ("lines"); empty when
	// the rows come only from a parent-scoped list endpoint.
	Field string `json:"field,omitempty"`
	// PositionColumn is the column holding the item's position in the parent's list.
	PositionColumn string `json:"position_column"`
}

// NestedList is a Stripe list embedded in a parent object ("invoice.lines").
type NestedList struct {
	// Field is the parent's property holding the list.
	Field string `json:"field"`
	// Tables are the tables its items go to, one per item object type.
	Tables []string `json:"tables"`
	// ItemTypes are the object types of the items, parallel to Tables.
	ItemTypes []string `json:"item_types"`
	// ListPath is the endpoint listing every item of one parent, when there is one;
	// used when the embedded list says has_more.
	ListPath string `json:"list_path,omitempty"`
	// ListParam is the path parameter or query filter of ListPath taking the parent id.
	ListParam string `json:"list_param,omitempty"`
	// ExpandOnly is true when the list appears only if requested with expand[].
	ExpandOnly bool `json:"expand_only,omitempty"`
	// HasMoreColumn is the parent's bookkeeping column recording the embedded list's has_more.
	HasMoreColumn string `json:"has_more_column,omitempty"`
	// Unpaginated says ListPath takes no limit or starting_after (see ListSource.Unpaginated).
	Unpaginated bool `json:"unpaginated,omitempty"`
	// ExpandOnList is set when the parent's top-level list expands this
	// expand-only list (expand[]=data.<field>) instead of one request per
	// parent: a list policy rule, not stated by the spec.
	ExpandOnList *ListPolicy `json:"expand_on_list,omitempty"`
}

// Constant is a field whose value is fixed by the spec.
type Constant struct {
	// Path is the field's JSON path.
	Path []string `json:"path"`
	// Value is its only value.
	Value string `json:"value"`
}

// ListSource is one list endpoint that feeds a table.
type ListSource struct {
	// Path is the endpoint path, e.g. "/v1/customers" or "/v1/accounts/{account}/persons".
	Path string `json:"path"`
	// ParentTable is the table whose ids fill the path parameter or filter, if any.
	ParentTable string `json:"parent_table,omitempty"`
	// ParentParam is the path parameter or required query filter taking the parent id.
	ParentParam string `json:"parent_param,omitempty"`
	// ParentColumn is the column that holds the parent id for rows from this list.
	ParentColumn string `json:"parent_column,omitempty"`
	// Params are fixed query parameters that widen the results ("status=all").
	Params map[string]string `json:"params,omitempty"`
	// Created says whether the endpoint accepts a created range filter.
	Created bool `json:"created,omitempty"`
	// ItemTypes are the object types the list returns when it returns several.
	ItemTypes []string `json:"item_types,omitempty"`
	// Unpaginated says the endpoint declares no limit or no starting_after:
	// one request returns every item, and Stripe rejects a limit.
	Unpaginated bool `json:"unpaginated,omitempty"`
	// TestClockParam is the query parameter of a top-level list that leaves
	// out objects attached to a test clock unless given one ("test_clock").
	TestClockParam string `json:"test_clock_param,omitempty"`
	// TestClockTable is the table of test clocks whose ids TestClockParam takes.
	TestClockTable string `json:"test_clock_table,omitempty"`
	// AlsoScoped is set on a parent-scoped list that runs even though the
	// table has a top-level list, because that list leaves rows out: a list
	// policy rule, not stated by the spec.
	AlsoScoped *ListPolicy `json:"also_scoped,omitempty"`
}

// ListPolicy records a list policy rule that applied: Stripe behaviour the
// spec does not state, named, with its reason for people.
type ListPolicy struct {
	// Rule names the rule ("also-scoped", "expand-on-list").
	Rule string `json:"rule"`
	// Reason says why the rule applies here.
	Reason string `json:"reason"`
}

// SilentStates records a silent-states list policy rule that applied: rows
// whose Column holds one of Values still change in Stripe without an event.
type SilentStates struct {
	// Rule names the rule ("silent-states").
	Rule string `json:"rule"`
	// Reason says why the rule applies here.
	Reason string `json:"reason"`
	// Column is the state column ("status").
	Column string `json:"column"`
	// Values are the states whose rows still change ("pending").
	Values []string `json:"values"`
}

// Table returns the table with the given name, or nil.
func (s *Schema) Table(name string) *Table {
	for _, t := range s.Tables {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// Column returns the column with the given name, or nil.
func (t *Table) Column(name string) *Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}
