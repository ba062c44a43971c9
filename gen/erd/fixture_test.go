package erd

import (
	"fmt"

	"github.com/stripesync/stripesync/gen/ir"
)

// fixture is a small hand-built schema with every shape the emitter draws:
// resources, a child table, a multi-target and an array reference, a self
// reference, a nested list of resources, a singleton, odd characters in
// descriptions and a state table.
func fixture() *ir.Schema {
	return &ir.Schema{
		APIVersion: "2025-05-28.basil", DataSchema: "stripe", StateSchema: "stripesync",
		Tables: []*ir.Table{
			fxAccounts(), fxCharges(), fxCustomers(), fxInvoiceLines(), fxInvoices(),
			fxSubscriptions(), fxSessions(), fxLineItems(), fxBalance(),
			fxState(),
		},
	}
}

func col(name, typ string, kind ir.ColumnKind, path ...string) *ir.Column {
	return &ir.Column{Name: name, Type: typ, Nullable: name != "id", Path: path, Kind: kind,
		Rule: string(kind), Reason: "the spec says " + string(kind), Comment: "The " + name + " | of the <object>."}
}

func ref(name string, targets ...string) *ir.Column {
	c := col(name, "text", ir.ColRefID, name[:len(name)-3])
	c.Targets = targets
	return c
}

func bookkeeping() []*ir.Column {
	return []*ir.Column{
		{Name: "_synced_at", Type: "timestamptz", Nullable: true, Kind: ir.ColBookkeeping, Rule: "bookkeeping", Reason: "sync time"},
		{Name: "_extra", Type: "jsonb", Nullable: true, Kind: ir.ColExtra, Rule: "extra", Reason: "unknown fields"},
	}
}

func fk(column, table, field string) *ir.ForeignKey {
	return &ir.ForeignKey{Columns: []string{column}, RefTable: table, RefColumns: []string{"id"}, Field: field}
}

func resource(name, res, domain, comment string, cols ...*ir.Column) *ir.Table {
	return &ir.Table{Name: name, Schema: "data", Kind: ir.KindResource, Resource: res, ObjectType: res,
		Domain: domain, Comment: comment, PrimaryKey: []string{"id"},
		Columns:    append(append([]*ir.Column{col("id", "text", ir.ColScalar, "id")}, cols...), bookkeeping()...),
		Lists:      []*ir.ListSource{{Path: "/v1/" + name, Created: true}},
		EventTypes: []string{res + ".created", res + ".updated"}}
}

func fxCustomers() *ir.Table {
	t := resource("customers", "customer", "customers",
		"This object represents a customer of your business. Use it to [create recurring charges](/docs/billing), e.g. subscriptions.",
		col("email", "text", ir.ColScalar, "email"), col("created", "timestamptz", ir.ColTimestamp, "created"),
		col("address_city", "text", ir.ColScalar, "address", "city"), ref("default_source_id", "card", "source"),
		col("default_source_type", "text", ir.ColRefType, "default_source"),
		col("metadata", "jsonb", ir.ColJSON, "metadata"), col("preferred_locales", "text[]", ir.ColArray, "preferred_locales"))
	t.Indexes = []*ir.Index{{Name: "customers_metadata_idx", Columns: []string{"metadata"}, Method: "gin"}}
	t.Deletable = true
	t.Constants = []*ir.Constant{{Path: []string{"object"}, Value: "customer"}}
	return t
}

func fxInvoices() *ir.Table {
	t := resource("invoices", "invoice", "billing",
		"Invoices are statements of amounts owed by a customer. They contain [invoice items](https://stripe.com/docs/api#invoiceitems).",
		ref("customer_id", "customer"), ref("subscription_id", "subscription"), ref("on_behalf_of_id", "account"),
		ref("from_invoice_invoice_id", "invoice"), col("amount_due", "bigint", ir.ColScalar, "amount_due"),
		col("total_tax_amounts", "jsonb", ir.ColJSON, "total_tax_amounts"),
		&ir.Column{Name: "_lines_has_more", Type: "boolean", Nullable: true, Kind: ir.ColBookkeeping, Rule: "bookkeeping", Reason: "has_more"})
	t.ForeignKeys = []*ir.ForeignKey{fk("customer_id", "customers", "customer"), fk("subscription_id", "subscriptions", "subscription"),
		fk("on_behalf_of_id", "accounts", "on_behalf_of"), fk("from_invoice_invoice_id", "invoices", "from_invoice.invoice")}
	t.NestedLists = []*ir.NestedList{{Field: "lines", Tables: []string{"invoice_line_items"}, ItemTypes: []string{"line_item"},
		ListPath: "/v1/invoices/{invoice}/lines", ListParam: "invoice", HasMoreColumn: "_lines_has_more"}}
	t.Lists[0].Params = map[string]string{"status": "all", "expand": "x"}
	t.Deletable = true
	return t
}

func fxInvoiceLines() *ir.Table {
	t := resource("invoice_line_items", "line_item", "billing", "Invoice Line Items represent the individual lines within an invoice.",
		col("invoice_id", "text", ir.ColParent), col("position", "integer", ir.ColBookkeeping),
		col("amount", "bigint", ir.ColScalar, "amount"), ref("price_id", "price"))
	t.Kind = ir.KindChild
	t.Parent = &ir.ParentLink{Table: "invoices", Column: "invoice_id", Field: "lines", PositionColumn: "position"}
	t.ForeignKeys = []*ir.ForeignKey{fk("invoice_id", "invoices", "invoice")}
	t.Lists = []*ir.ListSource{{Path: "/v1/invoices/{invoice}/lines", ParentTable: "invoices", ParentParam: "invoice"}}
	t.EventTypes = nil
	return t
}

func fxSubscriptions() *ir.Table {
	t := resource("subscriptions", "subscription", "billing", "Subscriptions allow you to charge a customer on a recurring basis.",
		ref("customer_id", "customer"), ref("latest_invoice_id", "invoice"),
		&ir.Column{Name: "default_tax_rate_ids", Type: "text[]", Nullable: true, Kind: ir.ColRefIDs, Path: []string{"default_tax_rates"}, Rule: "expandable-array", Reason: "ids"})
	t.ForeignKeys = []*ir.ForeignKey{fk("customer_id", "customers", "customer"), fk("latest_invoice_id", "invoices", "latest_invoice"),
		{Columns: []string{"default_tax_rate_ids"}, RefTable: "charges", RefColumns: []string{"id"}, Field: "default_tax_rates"}}
	return t
}

func fxCharges() *ir.Table {
	t := resource("charges", "charge", "payments", "The `Charge` object represents a single attempt to move money into your Stripe account.",
		ref("customer_id", "customer"), ref("invoice_id", "invoice"), col("amount", "bigint", ir.ColScalar, "amount"),
		col("payment_method_details", "jsonb", ir.ColJSON, "payment_method_details"))
	t.ForeignKeys = []*ir.ForeignKey{fk("customer_id", "customers", "customer"), fk("invoice_id", "invoices", "invoice")}
	return t
}

func fxAccounts() *ir.Table {
	return resource("accounts", "account", "connect", "This is an object representing a Stripe account.",
		col("business_type", "text", ir.ColScalar, "business_type"))
}

func fxSessions() *ir.Table {
	t := resource("checkout_sessions", "checkout.session", "checkout", "A Checkout Session represents your customer's session.",
		ref("customer_id", "customer"))
	t.ForeignKeys = []*ir.ForeignKey{fk("customer_id", "customers", "customer")}
	t.NestedLists = []*ir.NestedList{{Field: "line_items", Tables: []string{"checkout_session_line_items"}, ItemTypes: []string{"item"}, ExpandOnly: true}}
	return t
}

func fxLineItems() *ir.Table {
	t := resource("checkout_session_line_items", "item", "checkout", "A line item.",
		col("checkout_session_id", "text", ir.ColParent), col("position", "integer", ir.ColBookkeeping))
	t.Kind = ir.KindChild
	t.Parent = &ir.ParentLink{Table: "checkout_sessions", Column: "checkout_session_id", Field: "line_items", PositionColumn: "position"}
	t.PrimaryKey = []string{"checkout_session_id", "position"}
	t.Lists = []*ir.ListSource{{Path: "/v1/checkout/sessions/{session}/line_items", ParentTable: "checkout_sessions", ParentParam: "session"}}
	return t
}

func fxBalance() *ir.Table {
	t := resource("balances", "balance", "", "This is an object representing your Stripe balance.")
	t.Kind = ir.KindSingleton
	t.Lists = nil
	return t
}

func fxState() *ir.Table {
	return &ir.Table{Name: "cursors", Schema: "state", Kind: ir.KindState, Comment: "Where event polling stands.",
		PrimaryKey: []string{"name"}, Columns: []*ir.Column{
			{Name: "name", Type: "text", Kind: ir.ColState, Comment: "Cursor name."},
			{Name: "event_id", Type: "text", Nullable: true, Kind: ir.ColState, Comment: "Newest applied event."},
		}}
}

// bigSchema is a synthetic schema of n tables in one domain, each referencing
// a few earlier ones, for layout and splitting at scale.
func bigSchema(n int) *ir.Schema {
	s := fixture()
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("widget_%03d", i)
		t := resource(name, "widget"+fmt.Sprint(i), "billing", "A widget.", ref("customer_id", "customer"))
		t.ForeignKeys = []*ir.ForeignKey{fk("customer_id", "customers", "customer")}
		if i > 0 {
			t.Columns = append(t.Columns, ref("prev_id", "widget"))
			t.ForeignKeys = append(t.ForeignKeys, fk("prev_id", fmt.Sprintf("widget_%03d", (i*7)%i), "prev"))
		}
		s.Tables = append(s.Tables, t)
	}
	return s
}
