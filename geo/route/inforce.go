package route

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
)

// cacheEpochs caps the epochs cached per snapshot: checks "as of" many
// different times rebuild beyond it.
const cacheEpochs = 8

// InForce is what the route rule and the checkpoint lookups need at one
// epoch of one index snapshot: the designated-route network and the
// published checkpoints. Immutable once built.
type InForce struct {
	key         string   // layer revisions of the coal_route and checkpoint layers seen
	Network     *Network // the corridors of the coal_route zones in force
	Routes      int      // coal_route zones in the network
	Checkpoints *Checkpoints
}

// cacheSet is the cache content for one snapshot, copy-on-write.
type cacheSet struct {
	snap   *index.Snapshot
	epochs map[time.Time]*InForce
}

// Cache keeps the InForce data of the newest index snapshot, keyed by
// epoch (at most cacheEpochs of them). A new snapshot reuses the data
// built for the previous one when the coal_route and checkpoint layers'
// revisions are unchanged, so edits to other layers cost one index scan,
// not a rebuild. The zero value is
// ready to use.
type Cache struct {
	mu  sync.Mutex
	cur atomic.Pointer[cacheSet]
}

// Get returns the routes and checkpoints in force at at in snap.
func (c *Cache) Get(snap *index.Snapshot, at time.Time) *InForce {
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
	next := &cacheSet{snap: snap, epochs: map[time.Time]*InForce{}}
	switch {
	case old != nil && old.snap == snap && len(old.epochs) < cacheEpochs:
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
		d = &InForce{key: key, Network: NewNetwork(routes, DefaultCorridorM), Routes: len(routes),
			Checkpoints: NewCheckpoints(cps)}
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
