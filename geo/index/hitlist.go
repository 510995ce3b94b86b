package index

import "github.com/zonegate/zonegate/geo"

// hitList collects the record indices of a lookup's hits. Records are in
// (Layer, ID, Version) order, so sorting indices sorts the zones without
// reading them. Hits beyond its capacity go straight to dst, which is then
// sorted by zoneLess.
type hitList struct {
	ks      [64]uint32
	n       int
	start   int
	spilled bool
}

// add records hit k; dst is returned unchanged unless the list is full.
func (h *hitList) add(dst []*geo.Zone, g *pointGrid, k uint32) []*geo.Zone {
	if h.n < len(h.ks) {
		h.ks[h.n] = k
		h.n++
		return dst
	}
	if !h.spilled {
		h.spilled, h.start = true, len(dst)
	}
	return append(dst, g.recs[k].zone)
}

// flush appends the collected zones to dst in (Layer, ID, Version) order.
func (h *hitList) flush(dst []*geo.Zone, g *pointGrid) []*geo.Zone {
	ks := h.ks[:h.n]
	for i := 1; i < len(ks); i++ {
		for j := i; j > 0 && ks[j] < ks[j-1]; j-- {
			ks[j], ks[j-1] = ks[j-1], ks[j]
		}
	}
	start := len(dst)
	if h.spilled {
		start = h.start
	}
	for _, k := range ks {
		dst = append(dst, g.recs[k].zone)
	}
	if h.spilled {
		sortZones(dst[start:])
	}
	return dst
}
