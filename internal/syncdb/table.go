package syncdb

import (
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// Table describes one data table: what fills it, where to list it from and
// the generated code that decodes and encodes its rows.
type Table struct {
	// Name is the unquoted table name in the data schema ("customers").
	Name string
	// Kind says what the table holds.
	Kind Kind
	// Resource is the Stripe x-resourceId of its objects ("checkout.session").
	Resource string
	// ObjectType is the objects' "object" value ("checkout.session").
	ObjectType string
	// Comment is the table's description from the spec.
	Comment string
	// Columns are every column in table order.
	Columns []Column
	// PrimaryKey lists the primary key columns.
	PrimaryKey []string
	// Lists are the list endpoints that fill the table, canonical first.
	Lists []*ListSource
	// Parent is set on child tables: the nested list the rows come from.
	Parent *ParentLink
	// NestedLists are the embedded lists of this table's objects whose items
	// are rows of other tables.
	NestedLists []*NestedList
	// EventTypes are the event types whose data.object fills the table.
	EventTypes []string
	// Deletable says whether objects of the table can be deleted in Stripe.
	Deletable bool
	// RetrievePath is the endpoint retrieving one object by its id alone
	// ("/v1/customers/{customer}"), or "" when there is none.
	RetrievePath string
	// SilentStates, when set, says rows in some states still change in
	// Stripe without an event (balance transactions while pending), so an
	// incremental re-list revisits them (the generator's list policy).
	SilentStates *SilentStates
	// Children are the child tables whose Parent is this table (set by NewRegistry).
	Children []*Table
	// Codec is the table's generated code.
	Codec Codec

	copyColumns []string
	pkIndex     []int
}

// Column is one column of a table.
type Column struct {
	// Name is the unquoted column name.
	Name string
	// Type is the Postgres type ("text", "bigint", "jsonb", "text[]").
	Type string
	// Path is the JSON path of the source value ("address.city" as
	// ["address", "city"]); empty for bookkeeping and parent columns.
	Path []string
}

// ListSource is one list endpoint that fills a table.
type ListSource struct {
	// Path is the endpoint ("/v1/customers", "/v1/invoices/{invoice}/lines").
	Path string
	// ParentTableName is the table whose ids fill the path parameter or
	// filter, if any.
	ParentTableName string
	// ParentTable is that table (set by NewRegistry).
	ParentTable *Table
	// ParentParam is the path parameter or required query filter taking
	// the parent id.
	ParentParam string
	// ParentColumn is the column that holds the parent id for rows from this
	// list; pass the parent id as Meta.ParentID when decoding its items.
	ParentColumn string
	// Params are fixed query parameters that widen the results ("status=all").
	Params map[string]string
	// Created says whether the endpoint accepts a created range filter.
	Created bool
	// ItemTypes are the object types the list returns when it returns several.
	ItemTypes []string
	// Unpaginated says the endpoint takes no limit or starting_after and
	// returns everything at once; Stripe rejects a limit.
	Unpaginated bool
	// TestClockParam is the filter of a top-level list that leaves out
	// objects attached to a test clock unless given one ("test_clock"): the
	// list runs again once per test clock.
	TestClockParam string
	// TestClockTableName is the table of test clocks whose ids TestClockParam takes.
	TestClockTableName string
	// TestClockTable is that table (set by NewRegistry).
	TestClockTable *Table
	// AlsoScoped says this parent-scoped list runs even though the table has
	// a top-level list, because that list leaves rows out (the generator's
	// list policy).
	AlsoScoped bool
}

// SilentStates names the rows of a table that still change in Stripe
// without an event: those whose Column holds one of Values. The re-lister
// starts an incremental walk of the table no later than the oldest such
// row's created time, so it sees every one again until it leaves them.
type SilentStates struct {
	// Column is the state column ("status").
	Column string
	// Values are the states whose rows still change ("pending").
	Values []string
}

// Predicate is the SQL selecting the rows in silent states. The generator
// makes it the WHERE of their partial index (on "created") and the
// re-lister queries with it, so PostgreSQL answers from that index.
func (s *SilentStates) Predicate() string {
	quoted := make([]string, len(s.Values))
	for i, v := range s.Values {
		quoted[i] = "'" + strings.ReplaceAll(v, "'", "''") + "'"
	}
	return pgx.Identifier{s.Column}.Sanitize() + " IN (" + strings.Join(quoted, ", ") + ")"
}

// ParentLink ties a child table to its parent.
type ParentLink struct {
	// TableName is the parent table.
	TableName string
	// Table is the parent table (set by NewRegistry).
	Table *Table
	// Column is the child column holding the parent's id.
	Column string
	// Field is the parent's property holding the nested list ("lines"), or
	// "" when rows come only from a parent-scoped list endpoint.
	Field string
	// PositionColumn holds the item's position in the parent's list.
	PositionColumn string
}

// NestedList is a Stripe list embedded in a parent object ("invoice.lines").
type NestedList struct {
	// Field is the parent's property holding the list.
	Field string
	// TableNames are the tables its items go to, parallel to ItemTypes.
	TableNames []string
	// Tables are those tables (set by NewRegistry).
	Tables []*Table
	// ItemTypes are the items' object types.
	ItemTypes []string
	// ListPath is the endpoint listing every item of one parent, used when
	// the embedded list says has_more; "" when there is none.
	ListPath string
	// ListParam is the path parameter or query filter of ListPath taking
	// the parent id.
	ListParam string
	// ExpandOnly says the list appears only when requested with expand[].
	ExpandOnly bool
	// HasMoreColumn is the parent's column recording the list's has_more.
	HasMoreColumn string
	// ItemParentColumns are, parallel to TableNames, the column of each item
	// table holding the parent's id ("" when the items do not name it).
	ItemParentColumns []string
	// Unpaginated says ListPath takes no limit or starting_after.
	Unpaginated bool
	// ExpandOnList says the parent's top-level list expands this expand-only
	// list (expand[]=data.<field>) instead of one request per parent (the
	// generator's list policy).
	ExpandOnList bool
	// Parent is the table whose objects embed the list (set by NewRegistry).
	Parent *Table
}

// Codec is the generated code of one table.
type Codec struct {
	// Decode fills a new row from the object the decoder is positioned on;
	// the decoder collects nested list items and unknown fields.
	Decode func(d *Decoder, t *Table, m *Meta) Row
	// New returns an empty row, for reading rows back.
	New func() Row
}

// perParent reports whether the table is one of several per-parent tables of
// its object type (its primary key includes the parent column).
func (t *Table) perParent() bool {
	return t.Parent != nil && len(t.PrimaryKey) > 1
}

// ItemTable returns the table for items of the given object type, or nil.
func (nl *NestedList) ItemTable(objectType string) *Table {
	for i, it := range nl.ItemTypes {
		if it == objectType {
			return nl.Tables[i]
		}
	}
	return nil
}

// index checks the table's description and caches column positions.
func (t *Table) index() error {
	if t.Codec.Decode == nil || t.Codec.New == nil {
		return fmt.Errorf("syncdb: table %q: no codec", t.Name)
	}
	pos := map[string]int{}
	t.copyColumns = t.copyColumns[:0]
	for i, c := range t.Columns {
		pos[c.Name] = i
		t.copyColumns = append(t.copyColumns, c.Name)
	}
	t.pkIndex = nil
	for _, k := range t.PrimaryKey {
		i, ok := pos[k]
		if !ok {
			return fmt.Errorf("syncdb: table %q: primary key column %q missing", t.Name, k)
		}
		t.pkIndex = append(t.pkIndex, i)
	}
	return nil
}
