package ogc

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
)

// timeFilter is the datetime parameter of OGC API – Features. An instant
// selects the versions valid at it; an interval (closed, either end open)
// selects every version whose validity [valid_from, valid_to) overlaps it.
type timeFilter struct {
	instant  bool
	at       time.Time // the instant
	from, to time.Time // the interval; zero means open
}

// Sentinels for open interval ends, within the index's nanosecond range.
var (
	minTime = time.Unix(0, math.MinInt64)
	maxTime = time.Unix(0, math.MaxInt64)
)

// parseDatetime reads datetime: an instant (RFC 3339 or a date, in the
// server's zone) or an interval "a/b", "../b", "a/..", "../.." (an empty
// end counts as ".."). Absent, it is the instant now.
func (h *Handler) parseDatetime(v string, present bool) (timeFilter, error) {
	if !present {
		return timeFilter{instant: true, at: h.now()}, nil
	}
	a, b, isInterval := strings.Cut(v, "/")
	if !isInterval {
		t, err := h.parseAt(v, "datetime")
		if err != nil || v == "" {
			return timeFilter{}, wire.BadRequest("invalid_datetime", "datetime",
				"datetime %q: want an instant (2020-11-01T08:00:00+08:00 or 2020-11-01) or an interval a/b, ../b, a/..", v)
		}
		return timeFilter{instant: true, at: t}, nil
	}
	var f timeFilter
	for i, end := range []string{a, b} {
		if end == "" || end == ".." {
			continue
		}
		t, err := geo.ParseTime(end, h.loc)
		if err != nil {
			return timeFilter{}, wire.BadRequest("invalid_datetime", "datetime", "datetime interval %q: end %d: %v", v, i+1, err)
		}
		if i == 0 {
			f.from = t
		} else {
			f.to = t
		}
	}
	if !f.from.IsZero() && !f.to.IsZero() && f.to.Before(f.from) {
		return timeFilter{}, wire.BadRequest("invalid_datetime", "datetime", "datetime interval %q ends before it starts", v)
	}
	return f, nil
}

// instants returns the times at which to ask the index so that the union of
// the zones active at them is exactly the set the filter selects. For an
// interval [a, b] that is a itself plus every validity boundary in (a, b]:
// a version overlapping the interval is either active at a or starts at a
// boundary inside it. The boundaries are walked down from b with
// Snapshot.Epoch.
func (f timeFilter) instants(snap *index.Snapshot) []time.Time {
	if f.instant {
		return []time.Time{f.at}
	}
	lo, hi := f.from, f.to
	if lo.IsZero() {
		lo = minTime
	}
	if hi.IsZero() {
		hi = maxTime
	}
	var out []time.Time
	for t := hi; ; {
		e := snap.Epoch(t)
		if e.IsZero() || !e.After(lo) {
			break
		}
		out = append(out, e)
		t = e.Add(-time.Nanosecond)
	}
	return append(out, lo)
}

// selectZones returns the published versions of layer that pass f and
// whose geometry intersects one of bounds (nil: anywhere), in (ID, Version)
// order without duplicates.
func selectZones(snap *index.Snapshot, layer string, bounds []orb.Bound, f timeFilter) []*geo.Zone {
	search := bounds
	if search == nil {
		search = []orb.Bound{{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}}
	}
	seen := map[geo.Key]bool{}
	var out []*geo.Zone
	for _, at := range f.instants(snap) {
		q := index.Query{At: at, Layers: []string{layer}}
		for _, b := range search {
			snap.Search(b, q, func(z *geo.Zone) bool {
				k := z.Key()
				if seen[k] || (bounds != nil && !geometryIntersectsBound(z.Geometry, b)) {
					return true
				}
				seen[k] = true
				out = append(out, z)
				return true
			})
		}
	}
	slices.SortFunc(out, func(a, b *geo.Zone) int {
		return cmp.Or(strings.Compare(a.ID, b.ID), cmp.Compare(a.Version, b.Version))
	})
	return out
}
