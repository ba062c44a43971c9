package stripeclient

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
)

// listSeeds are envelopes in the shapes Stripe, stripe-mock and the fake
// send, plus awkward but valid JSON.
var listSeeds = []string{
	`{"object":"list","data":[],"has_more":false,"url":"/v1/customers"}`,
	`{"object":"list","data":[{"id":"cus_1","object":"customer","metadata":{"a":"}]\"["}},{"id":"cus_2","n":[1,[2,{"x":null}]]}],"has_more":true,"url":"/v1/customers"}`,
	" {\n \"url\" : \"\\/v1\\/events\" , \"has_more\" : true ,\"data\" : [ 1 , \"two\" , true , null , -3.5e7 ] , \"object\" : \"list\" } ",
	`{"object":"list","data":[{"s":"\\\"quoted\\\\"}],"has_more":false,"url":null,"extra":{"deep":[[[]]]}}`,
	`{"object":"search_result","data":[],"has_more":false,"next_page":null}`,
	`{"object":"customer","id":"cus_1"}`,
	`[]`,
	`{"object":"list","data":{"not":"an array"}}`,
	`{"OBJECT":"list","Data":[1],"d\u0061ta":[2,3],"Has_More":true,"URL":"/x"}`,
	`{"object":"list","data":null,"has_more":null}`,
	`{"object":"list","data":[],"has_more":"yes"}`,
}

func TestSplitListMatchesEncodingJSON(t *testing.T) {
	for _, s := range listSeeds {
		checkSplit(t, []byte(s))
	}
}

func TestSplitListTruncated(t *testing.T) {
	full := []byte(listSeeds[1])
	for n := 0; n < len(full); n++ {
		if _, err := splitList(full[:n]); err == nil {
			t.Errorf("accepted a body cut at %d: %s", n, full[:n])
		}
	}
	if _, err := splitList(append(full, `{}`...)); !errors.Is(err, errBadJSON) {
		t.Errorf("trailing data: %v", err)
	}
}

// FuzzSplitList holds splitList to encoding/json on every valid input and
// to not panicking on any input.
func FuzzSplitList(f *testing.F) {
	for _, s := range listSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if !json.Valid(b) {
			_, _ = splitList(b)
			return
		}
		checkSplit(t, b)
	})
}

// checkSplit compares splitList with encoding/json on valid JSON b.
func checkSplit(t *testing.T, b []byte) {
	t.Helper()
	got, err := splitList(b)
	var want listBody
	wantErr := json.Unmarshal(b, &want)
	if wantErr == nil && want.Object != "list" {
		wantErr = errWrongShape
	}
	if (err == nil) != (wantErr == nil) {
		t.Fatalf("%s: splitList err %v, encoding/json err %v", b, err, wantErr)
	}
	if err != nil {
		if !errors.Is(err, errWrongShape) {
			t.Fatalf("%s: valid JSON reported as %v", b, err)
		}
		return
	}
	if got.Object != want.Object || got.HasMore != want.HasMore || got.URL != want.URL || len(got.Data) != len(want.Data) {
		t.Fatalf("%s: got %+v want %+v", b, got, want)
	}
	for i := range got.Data {
		if !bytes.Equal(got.Data[i], want.Data[i]) {
			t.Fatalf("%s: item %d %s, want %s", b, i, got.Data[i], want.Data[i])
		}
	}
}
