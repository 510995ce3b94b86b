package route

// The admin zones (counties) at a point or along a route: the route rule
// applies per county, and checkpoints name theirs.

import (
	"cmp"
	"slices"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
)

// AdminZonesAt returns the admin zones containing p at at, most specific (the
// smallest bounding box) first.
func AdminZonesAt(snap *index.Snapshot, p orb.Point, at time.Time) []*geo.Zone {
	var out []*geo.Zone
	for _, z := range snap.ZonesAt(nil, p, index.Query{At: at}) {
		if z.Kind == geo.KindAdmin {
			out = append(out, z)
		}
	}
	slices.SortStableFunc(out, func(a, b *geo.Zone) int {
		return cmp.Compare(adminBoundArea(a.Geometry.Bound()), adminBoundArea(b.Geometry.Bound()))
	})
	return out
}

func adminBoundArea(b orb.Bound) float64 { return (b.Max[0] - b.Min[0]) * (b.Max[1] - b.Min[1]) }

// CheckpointCounty resolves a checkpoint's county to an admin zone id: the
// admin zone at the checkpoint whose id or name is its "county" property,
// else the property as given, else the most specific admin zone at the
// checkpoint; "" when none of these exists.
func CheckpointCounty(snap *index.Snapshot, cp Checkpoint, at time.Time) string {
	admins := AdminZonesAt(snap, cp.Position, at)
	if cp.County != "" {
		for _, z := range admins {
			if z.ID == cp.County || z.Name == cp.County {
				return z.ID
			}
		}
		return cp.County
	}
	if len(admins) > 0 {
		return admins[0].ID
	}
	return ""
}

// AdminIDsAt returns the ids of the admin zones containing p at at, most
// specific first.
func AdminIDsAt(snap *index.Snapshot, p orb.Point, at time.Time) []string {
	var ids []string
	for _, z := range AdminZonesAt(snap, p, at) {
		ids = append(ids, z.ID)
	}
	return ids
}

// Counties returns the ids of the admin zones line passes through at at.
func Counties(snap *index.Snapshot, line orb.LineString, at time.Time) []string {
	var ids []string
	for _, c := range snap.Crossings(line, index.Query{At: at}) {
		if c.Zone.Kind == geo.KindAdmin {
			ids = append(ids, c.Zone.ID)
		}
	}
	return ids
}
