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
	return appendAdminZonesAt(nil, snap, p, at)
}

// appendAdminZonesAt appends AdminZonesAt to dst; with room in dst (a
// caller's array) the lookups of a check allocate nothing.
func appendAdminZonesAt(dst []*geo.Zone, snap *index.Snapshot, p orb.Point, at time.Time) []*geo.Zone {
	start := len(dst)
	all := snap.ZonesAt(dst, p, index.Query{At: at})
	out := all[:start]
	for _, z := range all[start:] { // keeps the admin zones in place
		if z.Kind == geo.KindAdmin {
			out = append(out, z)
		}
	}
	slices.SortStableFunc(out[start:], func(a, b *geo.Zone) int {
		return cmp.Compare(adminBoundArea(a.Geometry.Bound()), adminBoundArea(b.Geometry.Bound()))
	})
	return out
}

// adminRoom is room for the zones at a point, enough for any real
// region's nesting of layers.
type adminRoom [16]*geo.Zone

// CountyAt returns the id of the most specific admin zone containing p at
// at (AdminZonesAt's first), or "" when there is none.
func CountyAt(snap *index.Snapshot, p orb.Point, at time.Time) string {
	var room adminRoom
	if admins := appendAdminZonesAt(room[:0], snap, p, at); len(admins) > 0 {
		return admins[0].ID
	}
	return ""
}

func adminBoundArea(b orb.Bound) float64 { return (b.Max[0] - b.Min[0]) * (b.Max[1] - b.Min[1]) }

// CheckpointCounty resolves a checkpoint's county to an admin zone id: the
// admin zone at the checkpoint whose id or name is its "county" property,
// else the property as given, else the most specific admin zone at the
// checkpoint; "" when none of these exists.
func CheckpointCounty(snap *index.Snapshot, cp Checkpoint, at time.Time) string {
	var room adminRoom
	admins := appendAdminZonesAt(room[:0], snap, cp.Position, at)
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
	return AppendAdminIDsAt(nil, snap, p, at)
}

// AppendAdminIDsAt appends AdminIDsAt to dst: with room in dst, a route's
// county scope, sampled every few metres, allocates nothing per sample.
func AppendAdminIDsAt(dst []string, snap *index.Snapshot, p orb.Point, at time.Time) []string {
	var room adminRoom
	for _, z := range appendAdminZonesAt(room[:0], snap, p, at) {
		dst = append(dst, z.ID)
	}
	return dst
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
