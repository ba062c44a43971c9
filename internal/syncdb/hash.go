package syncdb

import (
	"encoding/binary"
	"math/bits"
)

// Constants of contentHash: two odd 64-bit multipliers with well-mixed bits.
const (
	hashMul1 = 0x9e3779b97f4a7c15
	hashMul2 = 0xc2b2ae3d27d4eb4f
)

// contentHash is a fast deterministic 64-bit hash of a snapshot's JSON text
// and provenance. It only breaks ties between snapshots of equal version, so
// it needs to be stable across processes and versions of Go, and spread
// well, not to resist attackers: a collision only means the first arrival
// of two same-version snapshots stays.
func contentHash(parts ...[]byte) int64 {
	h := uint64(len(parts))
	for _, p := range parts {
		h = mixWords(h^uint64(len(p))*hashMul2, p)
	}
	return int64(finish(h))
}

// mixWords folds p into h eight bytes at a time.
func mixWords(h uint64, p []byte) uint64 {
	for len(p) >= 8 {
		h = bits.RotateLeft64((h^binary.LittleEndian.Uint64(p))*hashMul1, 31)
		p = p[8:]
	}
	var tail [8]byte
	copy(tail[:], p)
	return bits.RotateLeft64((h^binary.LittleEndian.Uint64(tail[:])^uint64(len(p)))*hashMul1, 31)
}

// finish spreads every input bit over the result.
func finish(h uint64) uint64 {
	h ^= h >> 33
	h *= hashMul2
	h ^= h >> 29
	h *= hashMul1
	return h ^ h>>32
}
