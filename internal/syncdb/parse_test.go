package syncdb

import "testing"

func TestParseDecimal(t *testing.T) {
	for in, want := range map[string]string{
		"0": "0", "1.50": "1.50", "-12.345": "-12.345", "0.000000000001": "0.000000000001",
		"123456789012345678901234567890.5": "123456789012345678901234567890.5",
	} {
		n, ok := parseDecimal(in)
		if !ok {
			t.Errorf("parseDecimal(%q) failed", in)
			continue
		}
		if got, _ := numericText(n); got != want {
			t.Errorf("parseDecimal(%q) = %s", in, got)
		}
	}
	for _, in := range []string{"", "-", "007", "1.", ".5", "-0", "-0.00", "1e5", " 1", "1,5", "NaN", "Infinity", "+1"} {
		if _, ok := parseDecimal(in); ok {
			t.Errorf("parseDecimal(%q) accepted a string numeric would not give back", in)
		}
	}
}

func TestParseNumber(t *testing.T) {
	for in, want := range map[string]string{
		"1": "1", "1.5": "1.5", "-0.25": "-0.25", "1e3": "1000", "1.5E-3": "0.0015", "2e+2": "200",
	} {
		n, ok := parseNumber([]byte(in))
		if !ok {
			t.Errorf("parseNumber(%q) failed", in)
			continue
		}
		if got, _ := numericText(n); got != want {
			t.Errorf("parseNumber(%q) = %s, want %s", in, got, want)
		}
	}
	if _, ok := parseNumber([]byte("1e99999")); ok {
		t.Error("parseNumber accepted an exponent numeric cannot hold")
	}
}

func TestParseInt(t *testing.T) {
	for in, want := range map[string]int64{"0": 0, "-1": -1, "9223372036854775807": 1<<63 - 1, "-9223372036854775808": -1 << 63} {
		if got, ok := parseInt([]byte(in)); !ok || got != want {
			t.Errorf("parseInt(%q) = %d, %v", in, got, ok)
		}
	}
	for _, in := range []string{"9223372036854775808", "-9223372036854775809", "1.0", "1e3", ""} {
		if _, ok := parseInt([]byte(in)); ok {
			t.Errorf("parseInt(%q) accepted", in)
		}
	}
}

func TestTypeByPrefix(t *testing.T) {
	targets := []RefTarget{{"ba_", "bank_account"}, {"card_", "card"}, {"src_", "source"}, {"src_test_", "test_source"}}
	for id, want := range map[string]string{"ba_1": "bank_account", "card_x": "card", "src_test_1": "test_source", "pm_1": ""} {
		if got := typeByPrefix(id, targets); got.String != want || got.Valid != (want != "") {
			t.Errorf("typeByPrefix(%q) = %+v, want %q", id, got, want)
		}
	}
}

func TestScannerStrings(t *testing.T) {
	for in, want := range map[string]string{
		`"plain"`: "plain", `"a\"b\\c\/d\n"`: "a\"b\\c/d\n", `"\u00e9\ud83e\uddfe"`: "é🧾", `"é🧾"`: "é🧾",
	} {
		s := scanner{data: []byte(in)}
		if got := s.str(); got != want || s.err != nil || s.bad {
			t.Errorf("str(%s) = %q, %v, bad=%v", in, got, s.err, s.bad)
		}
	}
	for _, in := range []string{`"\u0000"`, `"\ud800"`, `"\udc00x"`, `"\ud800\u0041"`} {
		s := scanner{data: []byte(in)}
		if s.str(); !s.bad || s.err != nil {
			t.Errorf("str(%s): bad=%v err=%v, want bad", in, s.bad, s.err)
		}
	}
}

func TestContentHash(t *testing.T) {
	seen := map[int64]string{}
	inputs := []string{"", "a", "b", "ab", "ba", "abcdefgh", "abcdefghi", "abcdefgh\x00", `{"id":"cus_1"}`, `{"id":"cus_2"}`}
	for _, in := range inputs {
		h := contentHash([]byte(in), []byte("v"), nil)
		if other, dup := seen[h]; dup {
			t.Errorf("hash of %q equals hash of %q", in, other)
		}
		seen[h] = in
	}
	if contentHash([]byte("ab"), []byte("c")) == contentHash([]byte("a"), []byte("bc")) {
		t.Error("parts are not separated")
	}
	// The hash is part of stored rows: it must never change.
	if got := contentHash([]byte(`{"id":"cus_1"}`), []byte("2025-05-28.basil"), nil); got != stableHash {
		t.Errorf("contentHash changed: %d", got)
	}
}

const stableHash = -9020574553164918468
