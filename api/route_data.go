package api

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
	"github.com/zonegate/zonegate/geo/route"
)

// routeDataEpochs caps the epochs cached per snapshot: checks "as of" many
// different times rebuild beyond it.
const routeDataEpochs = 8

// routeData is what the route rule and the checkpoint lookups need at one
// epoch of one index snapshot: the designated-route network and the
// published checkpoints. Immutable once built.
type routeData struct {
	key         string // layer revisions of the coal_route and checkpoint layers seen
	network     *route.Network
	routes      int // coal_route zones in the network
	checkpoints *route.Checkpoints
}

// routeDataSet is the cache content for one snapshot, copy-on-write.
type routeDataSet struct {
	snap   *index.Snapshot
	epochs map[time.Time]*routeData
}

// routeDataCache keeps the route data of the newest snapshot, keyed by
// epoch (at most routeDataEpochs of them). A new snapshot reuses the data
// built for the previous one when the coal_route and checkpoint layers'
// revisions are unchanged, so edits to other layers cost one index scan,
// not a rebuild. The zero value is
// ready to use.
type routeDataCache struct {
	mu  sync.Mutex
	cur atomic.Pointer[routeDataSet]
}

// get returns the route data in force at at in snap.
func (c *routeDataCache) get(snap *index.Snapshot, at time.Time) *routeData {
	epoch := snap.Epoch(at)
	if set := c.cur.Load(); set != nil && set.snap == snap {
		if d, ok := set.epochs[epoch]; ok {
			return d
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.cur.Load()
	if old != nil && old.snap == snap {
		if d, ok := old.epochs[epoch]; ok {
			return d
		}
	}
	var routes, cps []*geo.Zone
	revs := map[string]int64{}
	world := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	snap.Search(world, index.Query{At: at}, func(z *geo.Zone) bool {
		switch z.Kind {
		case geo.KindCoalRoute:
			routes = append(routes, z)
		case geo.KindCheckpoint:
			cps = append(cps, z)
		default:
			return true
		}
		revs[z.Layer] = snap.LayerRevision(z.Layer)
		return true
	})
	key := revisionKey(revs)
	next := &routeDataSet{snap: snap, epochs: map[time.Time]*routeData{}}
	switch {
	case old != nil && old.snap == snap && len(old.epochs) < routeDataEpochs:
		maps.Copy(next.epochs, old.epochs) // another epoch of the same snapshot
	case old != nil && old.snap != snap:
		// A new snapshot: the data of this epoch stays right when the
		// route and checkpoint layers did not change. Other epochs are
		// dropped; their keys were taken at other times.
		if d, ok := old.epochs[epoch]; ok && d.key == key {
			next.epochs[epoch] = d
		}
	}
	d, ok := next.epochs[epoch]
	if !ok || d.key != key {
		sortRouteZones(routes)
		sortRouteZones(cps)
		d = &routeData{key: key, network: route.NewNetwork(routes, route.DefaultCorridorM), routes: len(routes),
			checkpoints: route.NewCheckpoints(cps)}
		next.epochs[epoch] = d
	}
	c.cur.Store(next)
	return d
}

// revisionKey renders layer revisions in a stable order.
func revisionKey(revs map[string]int64) string {
	var b strings.Builder
	for _, l := range slices.Sorted(maps.Keys(revs)) {
		b.WriteString(l)
		b.WriteByte('=')
		b.WriteString(strconv.FormatInt(revs[l], 10))
		b.WriteByte(';')
	}
	return b.String()
}

func sortRouteZones(zs []*geo.Zone) {
	slices.SortFunc(zs, func(a, b *geo.Zone) int {
		if c := cmp.Compare(a.Layer, b.Layer); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}

// adminZonesAt returns the admin zones containing p at at, most specific (the
// smallest bounding box) first.
func adminZonesAt(snap *index.Snapshot, p orb.Point, at time.Time) []*geo.Zone {
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

// checkpointCounty resolves a checkpoint's county to an admin zone id: the
// admin zone at the checkpoint whose id or name is its "county" property,
// else the property as given, else the most specific admin zone at the
// checkpoint; "" when none of these exists.
func checkpointCounty(snap *index.Snapshot, cp route.Checkpoint, at time.Time) string {
	admins := adminZonesAt(snap, cp.Position, at)
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
