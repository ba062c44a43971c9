package stripetest

import (
	"encoding/json"
	"strconv"
)

// billedPrice is what a line needs from a price.
type billedPrice struct {
	ID         string          `json:"id"`
	UnitAmount int64           `json:"unit_amount"`
	Currency   string          `json:"currency"`
	Product    json.RawMessage `json:"product"`
}

// addItemLine bills a subscription item: its price's unit_amount times its
// quantity (1 when absent).
func (s *store) addItemLine(p *preview, item *object) {
	raw, _ := s.renderBytes(item, nil)
	var it struct {
		Quantity *int64          `json:"quantity"`
		Price    json.RawMessage `json:"price"`
	}
	_ = json.Unmarshal(raw, &it)
	var price billedPrice
	_ = json.Unmarshal(it.Price, &price)
	qty := int64(1)
	if it.Quantity != nil {
		qty = *it.Quantity
	}
	line := s.newLine("il_tmp_"+item.id, price.UnitAmount*qty, price.Currency, qty)
	setIfPresent(line, "subscription", orNull(p.subscription))
	setIfPresent(line, "subscription_item", item.id)
	setIfPresent(line, "type", "subscription")
	setIfPresent(line, "invoice_item", nil)
	if _, ok := line["price"]; ok && len(it.Price) > 0 {
		line["price"] = it.Price
	}
	setIfPresent(line, "pricing", pricingOf(price))
	setIfPresent(line, "parent", map[string]any{"type": "subscription_item_details", "invoice_item_details": nil,
		"subscription_item_details": map[string]any{"invoice_item": nil, "proration": false,
			"proration_details": map[string]any{"credited_items": nil}, "subscription": orNull(p.subscription), "subscription_item": item.id}})
	p.addLine(line, price.Currency, price.UnitAmount*qty)
}

// addInvoiceItemLine bills a pending invoice item at its amount.
func (s *store) addInvoiceItemLine(p *preview, ii *object) {
	var it struct {
		Amount      int64           `json:"amount"`
		Currency    string          `json:"currency"`
		Quantity    *int64          `json:"quantity"`
		Description json.RawMessage `json:"description"`
	}
	raw, _ := s.renderBytes(ii, nil)
	_ = json.Unmarshal(raw, &it)
	qty := int64(1)
	if it.Quantity != nil {
		qty = *it.Quantity
	}
	line := s.newLine("il_tmp_"+ii.id, it.Amount, it.Currency, qty)
	if len(it.Description) > 0 {
		line["description"] = it.Description
	}
	setIfPresent(line, "subscription", nil)
	setIfPresent(line, "subscription_item", nil)
	setIfPresent(line, "type", "invoiceitem")
	setIfPresent(line, "invoice_item", ii.id)
	setIfPresent(line, "parent", map[string]any{"type": "invoice_item_details", "subscription_item_details": nil,
		"invoice_item_details": map[string]any{"invoice_item": ii.id, "proration": false,
			"proration_details": map[string]any{"credited_items": nil}, "subscription": nil}})
	p.addLine(line, it.Currency, it.Amount)
}

// newLine starts a line from the line_item fixture.
func (s *store) newLine(id string, amount int64, currency string, qty int64) map[string]json.RawMessage {
	line := s.template("line_item")
	now := s.now()
	for k, v := range map[string]any{
		"id": id, "object": "line_item", "amount": amount, "currency": currency, "quantity": qty,
		"invoice": nil, "livemode": false, "metadata": map[string]string{}, "proration": false,
		"period": map[string]int64{"start": now, "end": now},
	} {
		line[k] = mustJSON(v)
	}
	setIfPresent(line, "amount_excluding_tax", amount)
	setIfPresent(line, "unit_amount_excluding_tax", strconv.FormatInt(amount/max(qty, 1), 10))
	return line
}

// addLine appends a rendered line and adds its amount to the total.
func (p *preview) addLine(line map[string]json.RawMessage, currency string, amount int64) {
	if p.currency == "" {
		p.currency = currency
	}
	p.total += amount
	p.lines = append(p.lines, mustJSON(line))
	p.lineIDs = append(p.lineIDs, jsonString(line["id"]))
}

// pricingOf is the basil line's pricing object for a price.
func pricingOf(p billedPrice) map[string]any {
	return map[string]any{"type": "price_details", "unit_amount_decimal": strconv.FormatInt(p.UnitAmount, 10),
		"price_details": map[string]any{"price": p.ID, "product": refID(p.Product)}}
}

// setIfPresent sets a field only when the fixture has it, so a line keeps
// the shape of the served API version.
func setIfPresent(m map[string]json.RawMessage, name string, v any) {
	if _, ok := m[name]; ok {
		m[name] = mustJSON(v)
	}
}

// orNull is s, or JSON null for "".
func orNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}
