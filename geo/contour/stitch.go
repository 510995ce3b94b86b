package contour

// chains joins the boundary pieces that cells emit into rings and lines in
// O(1) per join. Every piece is a list of nodes (points in grid index
// space) linked by next; other maps the head of an open chain to its tail
// and back. A piece holds its start point but not its end point: the end is
// the start of the piece it joins, found through a slot keyed by the cell
// edge or sample vertex where they meet.
type chains struct {
	x, y  []float64
	next  []int32
	other []int32
	// rings are heads of closed cycles of next.
	rings []int32
	// pinch lists nodes where the traced area touches itself at a sample
	// vertex; a ring passing such a point twice is split there.
	pinch []int32
	// opens are heads of open lines (isoline mode only).
	opens []int32
	// pending counts slots holding one piece end that waits for its
	// partner; zero after a complete trace.
	pending int
	// broken is set when two heads or two tails meet at one key (a bug).
	broken bool
}

// add appends a node and returns its index.
func (s *chains) add(x, y float64) int32 {
	n := int32(len(s.x))
	s.x = append(s.x, x)
	s.y = append(s.y, y)
	s.next = append(s.next, -1)
	s.other = append(s.other, n)
	return n
}

// piece marks nodes first..last (consecutive indices) as one chain.
func (s *chains) piece(first, last int32) {
	for n := first; n < last; n++ {
		s.next[n] = n + 1
	}
	s.other[first] = last
	s.other[last] = first
}

// closeRing makes nodes first..last a closed ring.
func (s *chains) closeRing(first, last int32) {
	for n := first; n < last; n++ {
		s.next[n] = n + 1
	}
	s.next[last] = first
	s.rings = append(s.rings, first)
}

// arrive records that a piece starts (head) or ends (tail) at the key whose
// slot is given. The first arrival waits in the slot; the second joins.
// Slots hold node+1 for a tail and -(node+1) for a head, 0 when empty.
func (s *chains) arrive(slot *int32, node int32, head bool) {
	v := *slot
	if v == 0 {
		if head {
			*slot = -(node + 1)
		} else {
			*slot = node + 1
		}
		s.pending++
		return
	}
	*slot = 0
	s.pending--
	switch {
	case head && v > 0:
		s.join(v-1, node)
	case !head && v < 0:
		s.join(node, -v-1)
	default:
		s.broken = true
	}
}

// join links tail a to head b.
func (s *chains) join(a, b int32) {
	s.next[a] = b
	if s.other[a] == b {
		s.rings = append(s.rings, b)
		return
	}
	h, t := s.other[a], s.other[b]
	s.other[h] = t
	s.other[t] = h
}
