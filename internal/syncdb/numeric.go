package syncdb

import (
	"math/big"

	"github.com/jackc/pgx/v5/pgtype"
)

// Bounds of the numbers kept in numeric columns; others go to _extra.
const (
	maxDigits   = 1000
	maxExponent = 1000
	minExponent = -16000
)

// parseDecimal parses a canonical decimal string: an optional minus, an
// integer part without leading zeros and an optional fraction. Those are
// exactly the strings numeric prints back unchanged ("-0" is not one).
func parseDecimal(v string) (pgtype.Numeric, bool) {
	i, neg := 0, false
	if i < len(v) && v[i] == '-' {
		i, neg = 1, true
	}
	intStart := i
	for i < len(v) && '0' <= v[i] && v[i] <= '9' {
		i++
	}
	intDigits := v[intStart:i]
	if len(intDigits) == 0 || len(intDigits) > 1 && intDigits[0] == '0' {
		return pgtype.Numeric{}, false
	}
	frac := ""
	if i < len(v) && v[i] == '.' {
		j := i + 1
		for j < len(v) && '0' <= v[j] && v[j] <= '9' {
			j++
		}
		frac, i = v[i+1:j], j
		if frac == "" {
			return pgtype.Numeric{}, false
		}
	}
	if i != len(v) || neg && allZero(intDigits+frac) {
		return pgtype.Numeric{}, false
	}
	return numeric(neg, intDigits+frac, -len(frac))
}

// parseNumber parses a JSON number exactly.
func parseNumber(text []byte) (pgtype.Numeric, bool) {
	v := string(text)
	i, neg := 0, false
	if v[0] == '-' {
		i, neg = 1, true
	}
	j := i
	for j < len(v) && v[j] != '.' && v[j] != 'e' && v[j] != 'E' {
		j++
	}
	digits, exp := v[i:j], 0
	if j < len(v) && v[j] == '.' {
		k := j + 1
		for k < len(v) && v[k] != 'e' && v[k] != 'E' {
			k++
		}
		digits += v[j+1 : k]
		exp -= k - j - 1
		j = k
	}
	if j < len(v) {
		e, ok := parseInt([]byte(trimPlus(v[j+1:])))
		if !ok || e > maxExponent || e < minExponent {
			return pgtype.Numeric{}, false
		}
		exp += int(e)
	}
	return numeric(neg, digits, exp)
}

func numeric(neg bool, digits string, exp int) (pgtype.Numeric, bool) {
	if len(digits) > maxDigits || exp > maxExponent || exp < minExponent {
		return pgtype.Numeric{}, false
	}
	n, ok := new(big.Int).SetString(digits, 10)
	if !ok {
		return pgtype.Numeric{}, false
	}
	if neg {
		n.Neg(n)
	}
	return pgtype.Numeric{Int: n, Exp: int32(exp), Valid: true}, true
}

func trimPlus(s string) string {
	if len(s) > 0 && s[0] == '+' {
		return s[1:]
	}
	return s
}

func allZero(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '0' {
			return false
		}
	}
	return true
}
