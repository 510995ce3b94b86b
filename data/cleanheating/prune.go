package cleanheating

import "math/bits"

// The exact search over all rows' placements (Solve) keeps vectors of
// eight column sums, of which there can be millions. Before it, prune
// drops every placement that cannot be part of a solution for one column
// alone: a one-dimensional subset-sum question per column, answered with
// bit sets of the reachable sums. Pruning repeats until nothing changes; it
// removes only placements no global solution uses, so the exact search
// that follows finds the same solutions, faster.

// bitset is a set of non-negative integers up to a bound.
type bitset []uint64

func newBitset(max int64) bitset { return make(bitset, max/64+1) }

func (b bitset) set(i int64) { b[i/64] |= 1 << (uint(i) % 64) }
func (b bitset) has(i int64) bool {
	return i >= 0 && i/64 < int64(len(b)) && b[i/64]&(1<<(uint(i)%64)) != 0
}

// orShifted sets b |= a << d, dropping bits beyond b's bound.
func (b bitset) orShifted(a bitset, d int64) {
	w, s := int(d/64), uint(d%64)
	for i := len(b) - 1; i >= w; i-- {
		v := a[i-w] << s
		if s != 0 && i-w-1 >= 0 {
			v |= a[i-w-1] >> (64 - s)
		}
		b[i] |= v
	}
}

// meetsShifted reports whether (a << d) and b share an element.
func (b bitset) meetsShifted(a bitset, d int64) bool {
	w, s := int(d/64), uint(d%64)
	for i := len(b) - 1; i >= w; i-- {
		v := a[i-w] << s
		if s != 0 && i-w-1 >= 0 {
			v |= a[i-w-1] >> (64 - s)
		}
		if v&b[i] != 0 {
			return true
		}
	}
	return false
}

// unit is the value of a column's entry in the units its bit set counts:
// hundredths for areas, whole households.
func unit(c int, hundredths int64) int64 {
	if Column(c).Households() {
		return hundredths / 100
	}
	return hundredths
}

// prune removes placements no column's sum can accommodate, in place, and
// reports whether every row keeps at least one.
func prune(opts [][]Placement, vecs [][]sums, target sums) bool {
	for changed := true; changed; {
		changed = false
		for c := range NumColumns {
			t := unit(c, target[c])
			n := len(opts)
			// contrib[i]: the distinct contributions of row i to column c.
			contrib := make([][]int64, n)
			for i := range n {
				for _, v := range vecs[i] {
					u := unit(c, v[c])
					if !containsInt(contrib[i], u) {
						contrib[i] = append(contrib[i], u)
					}
				}
			}
			// prefix[i]: sums reachable by rows [0, i); rest[i]: t minus
			// the sums reachable by rows [i, n).
			prefix := make([]bitset, n+1)
			prefix[0] = newBitset(t)
			prefix[0].set(0)
			for i := range n {
				prefix[i+1] = newBitset(t)
				for _, u := range contrib[i] {
					prefix[i+1].orShifted(prefix[i], u)
				}
			}
			suffix := make([]bitset, n+1)
			suffix[n] = newBitset(t)
			suffix[n].set(0)
			for i := n - 1; i >= 0; i-- {
				suffix[i] = newBitset(t)
				for _, u := range contrib[i] {
					suffix[i].orShifted(suffix[i+1], u)
				}
			}
			for i := range n {
				rest := reflected(suffix[i+1], t)
				keep := opts[i][:0]
				keepV := vecs[i][:0]
				for j, v := range vecs[i] {
					if rest.meetsShifted(prefix[i], unit(c, v[c])) {
						keep = append(keep, opts[i][j])
						keepV = append(keepV, v)
					} else {
						changed = true
					}
				}
				opts[i], vecs[i] = keep, keepV
				if len(opts[i]) == 0 {
					return false
				}
			}
		}
	}
	return true
}

// reflected returns {t - y : y in s}.
func reflected(s bitset, t int64) bitset {
	out := newBitset(t)
	for i, w := range s {
		for w != 0 {
			b := int64(bits.TrailingZeros64(w))
			w &= w - 1
			if y := int64(i)*64 + b; y <= t {
				out.set(t - y)
			}
		}
	}
	return out
}

func containsInt(s []int64, v int64) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
