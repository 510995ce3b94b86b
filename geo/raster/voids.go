package raster

// FillVoids fills small void regions of g in place and returns the number
// of samples it filled.
//
// Algorithm: void samples are grouped into regions by 4-connectivity. A
// region is filled only if it has fewer than maxCells samples and does not
// touch the grid's edge (a void on the edge may be the end of the data,
// not a gap). Its border is every non-void sample 8-adjacent to the
// region. Each void sample gets the inverse-distance-weighted mean of all
// border samples, weight 1/d² with d the distance in cells (column and row
// steps count as one; a geographic grid's east–west shrinking is ignored,
// which is immaterial for gaps of a few cells). Filled values lie between
// the border's minimum and maximum. The cost is O(region × border), so
// maxCells should stay in the hundreds to low thousands.
func FillVoids(g *Grid, maxCells int) int {
	if maxCells <= 1 || len(g.Data) != g.Width*g.Height {
		return 0
	}
	w, h := g.Width, g.Height
	seen := make([]bool, len(g.Data))
	var region, border, stack []int
	filled := 0
	for start, v := range g.Data {
		if v == v || seen[start] {
			continue
		}
		region, border, stack = region[:0], border[:0], append(stack[:0], start)
		seen[start] = true
		touchesEdge, size := false, 0
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if size++; size < maxCells {
				region = append(region, i)
			}
			c, r := i%w, i/w
			if c == 0 || r == 0 || c == w-1 || r == h-1 {
				touchesEdge = true
			}
			for _, n := range [4][2]int{{c - 1, r}, {c + 1, r}, {c, r - 1}, {c, r + 1}} {
				if n[0] < 0 || n[1] < 0 || n[0] >= w || n[1] >= h {
					continue
				}
				j := n[1]*w + n[0]
				if !seen[j] && g.Data[j] != g.Data[j] {
					seen[j] = true
					stack = append(stack, j)
				}
			}
		}
		if touchesEdge || size >= maxCells {
			continue
		}
		border = voidBorder(g, region, border)
		fillRegion(g, region, border)
		filled += len(region)
	}
	return filled
}

// voidBorder appends to dst, once each, the non-void samples 8-adjacent to
// the region (which does not touch the grid's edge).
func voidBorder(g *Grid, region, dst []int) []int {
	w := g.Width
	mark := make(map[int]struct{}, 4*len(region))
	for _, i := range region {
		for dr := -1; dr <= 1; dr++ {
			for dc := -1; dc <= 1; dc++ {
				j := i + dr*w + dc
				if v := g.Data[j]; v == v {
					if _, ok := mark[j]; !ok {
						mark[j] = struct{}{}
						dst = append(dst, j)
					}
				}
			}
		}
	}
	return dst
}

// fillRegion writes the inverse-square-distance mean of the border into
// every region sample. The border is read before any write, and border
// samples are never region samples, so the order does not matter.
func fillRegion(g *Grid, region, border []int) {
	w := g.Width
	for _, i := range region {
		c, r := i%w, i/w
		var sum, wsum float64
		for _, j := range border {
			dc, dr := float64(j%w-c), float64(j/w-r)
			wt := 1 / (dc*dc + dr*dr)
			sum += wt * float64(g.Data[j])
			wsum += wt
		}
		g.Data[i] = float32(sum / wsum)
	}
}
