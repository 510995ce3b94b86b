package contour

// fragment emits the boundary of one inside polygon of the current cell,
// given as positions in counter-clockwise order. Consecutive crossings are
// joined by a chord (a piece of isoline); other edges run along a cell side
// and are boundary only when the neighbour across that side is missing or
// no-data. Maximal runs of boundary edges become pieces for chains.
func (t *tracer) fragment(pos []int8) {
	n := len(pos)
	var bnd [12]bool
	any, all := false, true
	for i := 0; i < n; i++ {
		p, q := pos[i], pos[(i+1)%n]
		var b bool
		switch {
		case p%2 == 1 && q%2 == 1:
			b = true
		case t.mode == modeLines:
			b = false
		case p%2 == 1:
			b = t.sideOpen(p)
		case q%2 == 1:
			b = t.sideOpen(q)
		default:
			b = t.sideOpen((p + 1) % 8)
		}
		bnd[i] = b
		any = any || b
		all = all && b
	}
	if !any {
		return
	}
	if all {
		first := t.node(pos[0])
		t.markPinch(pos[0], first)
		for i := 1; i < n; i++ {
			t.markPinch(pos[i], t.node(pos[i]))
		}
		t.ch.closeRing(first, first+int32(n-1))
		return
	}
	for s := 0; s < n; s++ {
		if !bnd[s] || bnd[(s+n-1)%n] {
			continue
		}
		e := s
		for bnd[e%n] {
			e++
		}
		first := t.node(pos[s])
		for i := s + 1; i < e; i++ {
			t.markPinch(pos[i%n], t.node(pos[i%n]))
		}
		last := first + int32(e-s-1)
		start, end := pos[s], pos[e%n]
		if t.mode == modeLines {
			t.linePiece(first, last, start, end)
			continue
		}
		t.ch.piece(first, last)
		t.ch.arrive(t.slot(start), first, true)
		t.ch.arrive(t.slot(end), last, false)
	}
}

// linePiece links an isoline chord; ends on a side whose neighbour is
// missing or no-data are line ends rather than joins.
func (t *tracer) linePiece(first, last int32, start, end int8) {
	if t.sideOpen(end) {
		last = t.node(end)
		t.ch.piece(first, last)
	} else {
		t.ch.piece(first, last)
		t.ch.arrive(t.slot(end), last, false)
	}
	if t.sideOpen(start) {
		t.ch.opens = append(t.ch.opens, first)
	} else {
		t.ch.arrive(t.slot(start), first, true)
	}
}

// markPinch records node (at position p, inside a chain, so both cell
// sides at p are boundary) as a pinch when p is a corner whose diagonal
// cell is valid too: the area touches itself there at a single point.
func (t *tracer) markPinch(p int8, node int32) {
	dr, dc := 0, 0
	switch p {
	case posBL:
		dr, dc = 1, -1
	case posBR:
		dr, dc = 1, 1
	case posTR:
		dr, dc = -1, 1
	case posTL:
		dr, dc = -1, -1
	default:
		return
	}
	if t.cellValid(t.r+dr, t.c+dc) {
		t.ch.pinch = append(t.ch.pinch, node)
	}
}

// slot returns the join slot for a position of the current cell.
func (t *tracer) slot(p int8) *int32 {
	c := t.c
	switch p {
	case posBL:
		return &t.botV[c]
	case posB:
		return &t.botH[c]
	case posBR:
		return &t.botV[c+1]
	case posR:
		return &t.midV[c+1]
	case posTR:
		return &t.topV[c+1]
	case posT:
		return &t.topH[c]
	case posTL:
		return &t.topV[c]
	default:
		return &t.midV[c]
	}
}

// node adds the point of a position of the current cell, in grid index
// space (x = column, y = row). Crossings interpolate from the left or top
// sample so that both cells sharing an edge compute the same bits.
func (t *tracer) node(p int8) int32 {
	r, c, W := t.r, t.c, t.f.W
	v := t.f.Values
	i := r*W + c
	x, y := float64(c), float64(r)
	switch p {
	case posBL:
		y++
	case posBR:
		x, y = x+1, y+1
	case posTR:
		x++
	case posTL:
	case posB:
		x, y = x+t.frac(v[i+W], v[i+W+1]), y+1
	case posT:
		x += t.frac(v[i], v[i+1])
	case posL:
		y += t.frac(v[i], v[i+W])
	default: // posR
		x, y = x+1, y+t.frac(v[i+1], v[i+W+1])
	}
	return t.ch.add(x, y)
}

// frac is where the level crosses from a to b, as a fraction of the edge
// kept within [Epsilon, 1-Epsilon].
func (t *tracer) frac(a, b float32) float64 {
	fa, fb := float64(a), float64(b)
	f := (t.level - fa) / (fb - fa)
	if !(f >= Epsilon) { // also NaN
		return Epsilon
	}
	if f > 1-Epsilon {
		return 1 - Epsilon
	}
	return f
}
