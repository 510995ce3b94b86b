package contour

import (
	"errors"
	"math"
	"runtime"
	"sync"
)

// errOrphanHole reports a hole without an enclosing shell (a bug).
var errOrphanHole = errors.New("contour: internal error: hole outside every shell")

// nest assigns every kept hole to the smallest kept shell that contains
// it. It returns the kept shells and, per shell, its holes.
//
// Every traced edge lies within one cell row, so a horizontal ray through
// a point strictly between two sample rows meets only the edges bucketed
// under that row. For each hole the ray starts at the midpoint of one of
// its non-horizontal edges (a point on no other ring, since rings share no
// edges) and counts crossings per ring: the rings crossed an odd number of
// times contain the hole, and the smallest of them is its shell. Dropping
// rings by area never breaks this: a ring's ancestors are larger than it.
func nest(rs *rings, keep []bool, h int) (shells []int, holes [][]int, err error) {
	shellOf := make([]int, rs.len())
	var holeIDs []int
	for i, a := range rs.area {
		if !keep[i] {
			continue
		}
		if a > 0 {
			shellOf[i] = len(shells)
			shells = append(shells, i)
		} else {
			holeIDs = append(holeIDs, i)
		}
	}
	holes = make([][]int, len(shells))
	if len(holeIDs) == 0 {
		return shells, holes, nil
	}
	b := bucketEdges(rs, keep, h)
	parent := make([]int, len(holeIDs))
	workers := min(runtime.GOMAXPROCS(0), 4, len(holeIDs))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			parity := make([]bool, rs.len())
			var touched []int32
			for k := w; k < len(holeIDs); k += workers {
				parent[k], touched = b.container(rs, holeIDs[k], parity, touched)
			}
		}()
	}
	wg.Wait()
	for k, hole := range holeIDs {
		p := parent[k]
		if p < 0 || rs.area[p] <= 0 {
			return nil, nil, errOrphanHole
		}
		holes[shellOf[p]] = append(holes[shellOf[p]], hole)
	}
	return shells, holes, nil
}

// buckets lists, per cell row, the non-horizontal edges of kept rings as
// (ring, index of the edge's first point in rs.pts).
type buckets struct {
	off        []int32
	ring, edge []int32
}

func bucketEdges(rs *rings, keep []bool, h int) *buckets {
	b := &buckets{off: make([]int32, h+1)}
	each := func(fn func(row int, ring, p int32)) {
		for i := range rs.area {
			if !keep[i] {
				continue
			}
			s, e := rs.start[i], rs.start[i+1]
			for p := s; p < e; p++ {
				q := p + 1
				if q == e {
					q = s
				}
				y1, y2 := rs.pts[p][1], rs.pts[q][1]
				if y1 == y2 {
					continue
				}
				fn(int(math.Floor(math.Min(y1, y2))), int32(i), int32(p))
			}
		}
	}
	each(func(row int, _, _ int32) { b.off[row+1]++ })
	for r := 1; r <= h; r++ {
		b.off[r] += b.off[r-1]
	}
	n := b.off[h]
	b.ring, b.edge = make([]int32, n), make([]int32, n)
	fill := append([]int32(nil), b.off[:h]...)
	each(func(row int, ring, p int32) {
		b.ring[fill[row]], b.edge[fill[row]] = ring, p
		fill[row]++
	})
	return b
}

// container returns the smallest ring other than hole containing it, or -1.
// parity must be all false on entry and is left so; touched is scratch.
func (b *buckets) container(rs *rings, hole int, parity []bool, touched []int32) (int, []int32) {
	pts := rs.ring(hole)
	best, bestDY := 0, -1.0
	for i := range pts {
		dy := math.Abs(pts[(i+1)%len(pts)][1] - pts[i][1])
		if dy > bestDY {
			best, bestDY = i, dy
		}
	}
	p, q := pts[best], pts[(best+1)%len(pts)]
	qx, qy := (p[0]+q[0])/2, (p[1]+q[1])/2
	row := int(math.Floor(qy))
	touched = touched[:0]
	for k := b.off[row]; k < b.off[row+1]; k++ {
		ring := b.ring[k]
		if int(ring) == hole {
			continue
		}
		e := b.edge[k]
		s, end := rs.start[ring], rs.start[ring+1]
		n := int(e) + 1
		if n == end {
			n = s
		}
		a, c := rs.pts[e], rs.pts[n]
		if (a[1] > qy) == (c[1] > qy) {
			continue
		}
		x := a[0] + (qy-a[1])*(c[0]-a[0])/(c[1]-a[1])
		if x >= qx {
			continue
		}
		if !parity[ring] {
			touched = append(touched, ring)
		}
		parity[ring] = !parity[ring]
	}
	found, foundArea := -1, math.Inf(1)
	for _, r := range touched {
		if parity[r] && math.Abs(rs.area[r]) < foundArea {
			found, foundArea = int(r), math.Abs(rs.area[r])
		}
		parity[r] = false
	}
	return found, touched
}
