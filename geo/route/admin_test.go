package route_test

import (
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
	"github.com/zonegate/zonegate/geo/route"
)

func square(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
}

// adminSnapshot is a province holding a county, a coal-ban zone inside
// the county, and a county whose validity has ended.
func adminSnapshot() *index.Snapshot {
	ix := index.New()
	ix.Apply(
		&geo.Zone{Layer: "admin", ID: "14", Name: "山西省", Version: 1, Kind: geo.KindAdmin, Status: geo.StatusPublished,
			Geometry: square(110, 35, 114, 39)},
		&geo.Zone{Layer: "admin", ID: "141002", Name: "尧都区", Version: 1, Kind: geo.KindAdmin, Status: geo.StatusPublished,
			Geometry: square(111.3, 35.9, 111.7, 36.3)},
		&geo.Zone{Layer: "admin", ID: "old", Name: "旧县", Version: 1, Kind: geo.KindAdmin, Status: geo.StatusPublished,
			Validity: geo.Validity{To: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)}, Geometry: square(111.4, 36, 111.6, 36.2)},
		&geo.Zone{Layer: "coal_ban", ID: "cb", Version: 1, Kind: geo.KindCoalBan, Status: geo.StatusPublished,
			Geometry: square(111.45, 36.03, 111.58, 36.13)},
	)
	return ix.Snapshot()
}

// TestAdminLookups: the admin zones at a point, most specific first, and
// the county of a point and of a checkpoint.
func TestAdminLookups(t *testing.T) {
	t.Parallel()
	snap := adminSnapshot()
	at := time.Date(2020, 11, 1, 0, 0, 0, 0, time.UTC)
	in, outside, province := orb.Point{111.5, 36.08}, orb.Point{100, 30}, orb.Point{113, 38}
	ids := func(zs []*geo.Zone) []string {
		var out []string
		for _, z := range zs {
			out = append(out, z.ID)
		}
		return out
	}
	if got := ids(route.AdminZonesAt(snap, in, at)); !slices.Equal(got, []string{"141002", "14"}) {
		t.Errorf("AdminZonesAt = %v, want [141002 14]", got)
	}
	if got := ids(route.AdminZonesAt(snap, in, time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC))); !slices.Equal(got, []string{"old", "141002", "14"}) {
		t.Errorf("AdminZonesAt in 1999 = %v, want [old 141002 14]", got)
	}
	if got := route.AdminIDsAt(snap, in, at); !slices.Equal(got, []string{"141002", "14"}) {
		t.Errorf("AdminIDsAt = %v", got)
	}
	if got := route.AppendAdminIDsAt([]string{"x"}, snap, province, at); !slices.Equal(got, []string{"x", "14"}) {
		t.Errorf("AppendAdminIDsAt = %v, want [x 14]", got)
	}
	for p, want := range map[orb.Point]string{in: "141002", province: "14", outside: ""} {
		if got := route.CountyAt(snap, p, at); got != want {
			t.Errorf("CountyAt(%v) = %q, want %q", p, got, want)
		}
	}
	for _, tc := range []struct {
		cp   route.Checkpoint
		want string
	}{
		{route.Checkpoint{Position: in}, "141002"},
		{route.Checkpoint{Position: in, County: "14"}, "14"},
		{route.Checkpoint{Position: in, County: "山西省"}, "14"},
		{route.Checkpoint{Position: in, County: "洪洞县"}, "洪洞县"},
		{route.Checkpoint{Position: outside}, ""},
	} {
		if got := route.CheckpointCounty(snap, tc.cp, at); got != tc.want {
			t.Errorf("CheckpointCounty(%+v) = %q, want %q", tc.cp, got, tc.want)
		}
	}
}

// TestAdminLookupsAllocateNothing: the county lookups of a check and a
// route scope's samples (with room for the ids) allocate nothing.
func TestAdminLookupsAllocateNothing(t *testing.T) {
	snap := adminSnapshot()
	at := time.Date(2020, 11, 1, 0, 0, 0, 0, time.UTC)
	p := orb.Point{111.5, 36.08}
	snap.WaitReady() // the point grid, built in the background, allocates
	var ids [8]string
	for name, f := range map[string]func(){
		"CountyAt":         func() { route.CountyAt(snap, p, at) },
		"CheckpointCounty": func() { route.CheckpointCounty(snap, route.Checkpoint{Position: p, County: "14"}, at) },
		"AppendAdminIDsAt": func() { route.AppendAdminIDsAt(ids[:0], snap, p, at) },
	} {
		if n := testing.AllocsPerRun(100, f); n != 0 {
			t.Errorf("%s: %v allocations", name, n)
		}
	}
}
