package sewer

import (
	"slices"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
)

// DefaultCountiesLayer is the layer whose zones are the reporting units
// when none is configured: the demo's (and import's usual) admin layer.
const DefaultCountiesLayer = "counties"

// Inputs are the zones of an index snapshot an analysis reads.
type Inputs struct {
	Lines    []Line
	Counties []County
	// Layers lists, sorted, every layer a zone was taken from, with the
	// counties layer always included; with index.Snapshot.LayerRevision
	// and Epoch it keys caches of results.
	Layers []string
}

// FromSnapshot collects the zones active at t: sewer lines from every
// layer of kind sewer_network (line geometry only), built-up polygons from
// every layer of kind built_up, and the counties from countiesLayer.
func FromSnapshot(snap *index.Snapshot, at time.Time, countiesLayer string) Inputs {
	world := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	var lines, counties, builtUp []*geo.Zone
	layers := map[string]bool{countiesLayer: true}
	snap.Search(world, index.Query{At: at}, func(z *geo.Zone) bool {
		switch {
		case z.Layer == countiesLayer:
			counties = append(counties, z)
		case z.Kind == geo.KindSewerNetwork:
			if _, ok := z.Geometry.(orb.LineString); !ok {
				if _, ok := z.Geometry.(orb.MultiLineString); !ok {
					return true
				}
			}
			lines = append(lines, z)
		case z.Kind == geo.KindBuiltUp:
			builtUp = append(builtUp, z)
		default:
			return true
		}
		layers[z.Layer] = true
		return true
	})
	// The index returns zones in no fixed order; built-up polygons are
	// assigned in (layer, id) order so results do not depend on it.
	slices.SortFunc(builtUp, func(a, b *geo.Zone) int {
		if a.Layer != b.Layer {
			if a.Layer < b.Layer {
				return -1
			}
			return 1
		}
		if a.ID < b.ID {
			return -1
		}
		if a.ID > b.ID {
			return 1
		}
		return 0
	})
	in := Inputs{Lines: LinesFromZones(lines), Counties: CountiesFromZones(counties, builtUp)}
	for l := range layers {
		in.Layers = append(in.Layers, l)
	}
	slices.Sort(in.Layers)
	return in
}
