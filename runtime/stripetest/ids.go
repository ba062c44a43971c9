package stripetest

import (
	"math/rand/v2"
	"strings"
)

const (
	base62     = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	upperAlnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	// suffixLen is the length of the random part of generated ids, as in
	// cus_QXg1o8vcGmoR32 (Stripe uses 14 to 24 characters).
	suffixLen = 16
)

// idStyle says how ids of one resource look: a prefix kept from the fixture
// and a random base62 suffix, or, for fixture ids with no prefix (coupon
// Z4OV52SU, country_spec US), an upper-case alphanumeric id.
type idStyle struct {
	prefix string
	length int
}

// styleOf derives the id style from a fixture id. The prefix is the leading
// run of at most two all-lowercase segments ("cs_test_", "sub_sched_",
// "tax_li_", "cus_"); an id that is all lowercase words ("card_payments")
// keeps itself as prefix ("card_payments_...").
func styleOf(fixtureID string) idStyle {
	segs := strings.Split(fixtureID, "_")
	if len(segs) < 2 {
		return idStyle{length: max(8, len(fixtureID))}
	}
	n := 0
	for n < len(segs) && isLowerWord(segs[n]) {
		n++
	}
	if n == len(segs) {
		return idStyle{prefix: fixtureID + "_"}
	}
	n = min(n, 2)
	if n == 0 {
		return idStyle{length: max(8, len(fixtureID))}
	}
	return idStyle{prefix: strings.Join(segs[:n], "_") + "_"}
}

func isLowerWord(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// idGen makes unique, seed-deterministic ids.
type idGen struct {
	rng  *rand.Rand
	used map[string]bool
}

func newIDGen(seed int64) *idGen {
	return &idGen{rng: rand.New(rand.NewPCG(uint64(seed), 0x5eed1d5)), used: map[string]bool{}}
}

// next returns a new id of the given style, never returned before.
func (g *idGen) next(st idStyle) string {
	for {
		var id string
		if st.prefix == "" {
			id = g.random(upperAlnum, st.length)
		} else {
			id = st.prefix + g.random(base62, suffixLen)
		}
		if !g.used[id] {
			g.used[id] = true
			return id
		}
	}
}

// reserve marks an id as taken (objects created with an explicit id).
func (g *idGen) reserve(id string) bool {
	if g.used[id] {
		return false
	}
	g.used[id] = true
	return true
}

func (g *idGen) random(alphabet string, n int) string {
	var b strings.Builder
	b.Grow(n)
	for range n {
		b.WriteByte(alphabet[g.rng.IntN(len(alphabet))])
	}
	return b.String()
}
