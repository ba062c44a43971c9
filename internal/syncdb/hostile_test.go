package syncdb_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stripesync/stripesync/generated"
	"github.com/stripesync/stripesync/internal/syncdb"
)

// hostile are strings that break naive SQL or JSON handling.
var hostile = []string{
	`it's "quoted"`,
	`back\slash \\ \n not a newline`,
	"tab\tnew\nline\r",
	"emoji 🧾💳, CJK 請求書, RTL עברית, combining é",
	`'); DROP TABLE stripe.customers; --`,
	`$1 $$ ${STRIPESYNC_SCHEMA} %s %v`,
	"\u2028\u2029 separators, \u007f, \ufeff BOM",
	strings.Repeat("x", 5000),
	strings.Repeat("é🧾", 2500),
}

// TestHostileValuesStoredExactly stores hostile metadata keys and values and
// long strings, and reads them back unchanged from the columns.
func TestHostileValuesStoredExactly(t *testing.T) {
	db := newDB(t, "stripe", "stripesync")
	meta := map[string]string{}
	for i, s := range hostile {
		meta[s] = hostile[len(hostile)-1-i]
	}
	for i, s := range hostile {
		obj := map[string]any{"id": "cus_h", "object": "customer", "name": s, "description": s, "metadata": meta,
			"address": map[string]any{"city": s, s: "unknown key inside a flattened object"}, "created": 1700000000 + i}
		raw, _ := json.Marshal(obj)
		db.apply(t, "customers", raw, int64(10+i))
		var name, city string
		var md map[string]string
		err := db.pool.QueryRow(context.Background(),
			`SELECT name, address_city, metadata FROM stripe.customers WHERE id = 'cus_h'`).Scan(&name, &city, &md)
		if err != nil {
			t.Fatal(err)
		}
		if name != s || city != s {
			t.Errorf("value %d: name/city changed: %.60q", i, name)
		}
		if !equalMaps(md, meta) {
			t.Errorf("value %d: metadata changed", i)
		}
		got := db.rebuild(t, generated.Registry.Table("customers"), "cus_h")
		if d := diff("customer", normalize(t, raw), got); len(d) > 0 {
			t.Errorf("value %d: rebuilt differs:\n  %s", i, strings.Join(d, "\n  "))
		}
	}
}

// TestUnstorableValuesKept covers what PostgreSQL cannot store (NUL in text
// and jsonb, lone surrogates in jsonb): the column stays NULL and the value,
// exactly as received, sits in _extra under $unstorable.
func TestUnstorableValuesKept(t *testing.T) {
	db := newDB(t, "stripe", "stripesync")
	raw := []byte(`{"id":"cus_n","object":"customer","name":"nul\u0000inside","description":"lone \ud800 surrogate",
		"metadata":{"k\u0000ey":"v","ok":"fine"},"preferred_locales":["en","x\u0000"],"new_field":"\u0000",
		"address":{"city":"Paris","line1":"a\u0000b"},"email":"e@x.test"}`)
	db.apply(t, "customers", raw, 10)
	var name, md *string
	var email, city string
	err := db.pool.QueryRow(context.Background(),
		`SELECT name, metadata::text, email, address_city FROM stripe.customers WHERE id = 'cus_n'`).Scan(&name, &md, &email, &city)
	if err != nil {
		t.Fatal(err)
	}
	if name != nil || md != nil || email != "e@x.test" || city != "Paris" {
		t.Errorf("columns: name=%v metadata=%v email=%q city=%q", name, md, email, city)
	}
	got := db.rebuild(t, generated.Registry.Table("customers"), "cus_n")
	if d := diff("customer", normalize(t, raw), got); len(d) > 0 {
		t.Errorf("rebuilt differs:\n  %s", strings.Join(d, "\n  "))
	}
	var extra string
	db.pool.QueryRow(context.Background(), `SELECT _extra->>'$unstorable' FROM stripe.customers`).Scan(&extra)
	if !strings.Contains(extra, `"lone \ud800 surrogate"`) || !strings.Contains(extra, `"a\u0000b"`) {
		t.Errorf("$unstorable does not keep the values as received: %s", extra)
	}
}

// TestOffShapeValuesKept: values whose shape differs from the spec's (a
// string where a number is expected, an int64 overflow, a non-canonical
// decimal, an expanded reference) leave the column NULL and go to _extra.
func TestOffShapeValuesKept(t *testing.T) {
	db := newDB(t, "stripe", "stripesync")
	raw := []byte(`{"id":"price_1","object":"price","unit_amount":"12","active":"yes","created":99999999999999999999,
		"unit_amount_decimal":"007.50","currency_options":null,"product":{"id":"prod_1","object":"product","name":"P"},
		"recurring":{"interval":"month","interval_count":1.5,"surprise":{"deep":[1,2,3]}},"tiers_mode":null,
		"metadata":{},"lookup_key":12}`)
	db.apply(t, "prices", raw, 10)
	var product string
	var amount, created *string
	err := db.pool.QueryRow(context.Background(),
		`SELECT product_id, unit_amount::text, created::text FROM stripe.prices`).Scan(&product, &amount, &created)
	if err != nil {
		t.Fatal(err)
	}
	if product != "prod_1" || amount != nil || created != nil {
		t.Errorf("product=%q unit_amount=%v created=%v", product, amount, created)
	}
	got := db.rebuild(t, generated.Registry.Table("prices"), "price_1")
	if d := diff("price", normalize(t, raw), got); len(d) > 0 {
		t.Errorf("rebuilt differs:\n  %s", strings.Join(d, "\n  "))
	}
}

// TestDecodeRejectsBrokenJSON: malformed input is an error, never a row.
func TestDecodeRejectsBrokenJSON(t *testing.T) {
	table := generated.Registry.Table("customers")
	for _, in := range []string{
		``, `[]`, `{"id":"cus_1"`, `{"id":"cus_1",}`, `{"id":"cus_1"} x`, `{"id":1}`, `{"name":"no id"}`,
		`{"id":"cus_1","name":"bad \x escape"}`, "{\"id\":\"cus_1\",\"name\":\"raw\x01control\"}",
		"{\"id\":\"cus_1\",\"name\":\"\xff\xfe\"}", `{"id":"cus_1","balance":01}`, `{"id":"cus_1","x":[1,]}`,
		`{"id":"cus_1","x":tru}`, strings.Repeat(`{"a":`, 300) + "1" + strings.Repeat("}", 300),
	} {
		if _, err := table.Decode([]byte(in), syncdb.Meta{Version: 1}); err == nil {
			t.Errorf("%.60q decoded without error", in)
		}
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
