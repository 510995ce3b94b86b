package repair

import (
	"fmt"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
)

// ringCleanup counts what cleanRing removed.
type ringCleanup struct {
	closed                        bool
	duplicates, collinear, spikes int
}

// cleanRing returns r closed, without consecutive duplicates, collinear
// vertices or spikes, or nil when fewer than 3 vertices that are not on one
// line remain. It runs in O(n): a removal re-examines only the two
// neighbours of the removed vertex.
func cleanRing(r orb.Ring) (orb.Ring, ringCleanup) {
	var c ringCleanup
	pts := []orb.Point(r)
	if len(pts) == 0 {
		return nil, c
	}
	if pts[0] != pts[len(pts)-1] {
		c.closed = true
	} else {
		pts = pts[:len(pts)-1]
	}
	n := len(pts)
	if n < 3 {
		return nil, c
	}
	next, prev := make([]int, n), make([]int, n)
	alive := make([]bool, n)
	queue := make([]int, n)
	for i := range pts {
		next[i], prev[i], alive[i], queue[i] = (i+1)%n, (i+n-1)%n, true, i
	}
	left := n
	remove := func(i int) {
		p, q := prev[i], next[i]
		next[p], prev[q], alive[i] = q, p, false
		left--
		queue = append(queue, p, q)
	}
	for len(queue) > 0 && left >= 3 {
		i := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		if !alive[i] {
			continue
		}
		a, b, d := pts[prev[i]], pts[i], pts[next[i]]
		switch {
		case a == b || b == d:
			c.duplicates++
			remove(i)
		case geo.Orient(a, b, d) == 0:
			// Collinear: a spike when the boundary turns back at b.
			if (b[0]-a[0])*(d[0]-b[0])+(b[1]-a[1])*(d[1]-b[1]) < 0 {
				c.spikes++
			} else {
				c.collinear++
			}
			remove(i)
		}
	}
	if left < 3 {
		return nil, c
	}
	start := 0
	for !alive[start] {
		start++
	}
	out := make(orb.Ring, 0, left+1)
	for i := start; ; {
		out = append(out, pts[i])
		i = next[i]
		if i == start {
			break
		}
	}
	return append(out, pts[start]), c
}

// note records the cleanup of ring ri of polygon pi in notes.
func (c ringCleanup) note(pi, ri int, notes *actionSet) {
	where := fmt.Sprintf("polygon %d ring %d", pi, ri)
	if c.closed {
		notes.add(ActionClosedRing, where)
	}
	if c.duplicates > 0 {
		notes.add(ActionRemovedDuplicatePoints, fmt.Sprintf("%s: %d", where, c.duplicates))
	}
	if c.collinear > 0 {
		notes.add(ActionRemovedCollinearPoints, fmt.Sprintf("%s: %d", where, c.collinear))
	}
	if c.spikes > 0 {
		notes.add(ActionRemovedSpike, fmt.Sprintf("%s: %d", where, c.spikes))
	}
}

// doubleSignedArea is twice the planar signed area of a closed ring,
// positive counter-clockwise; taken relative to the first point.
func doubleSignedArea(r orb.Ring) float64 {
	if len(r) < 4 {
		return 0
	}
	o := r[0]
	sum := 0.0
	for k := 1; k+1 < len(r); k++ {
		a, b := r[k], r[k+1]
		sum += (a[0]-o[0])*(b[1]-o[1]) - (b[0]-o[0])*(a[1]-o[1])
	}
	return sum
}
