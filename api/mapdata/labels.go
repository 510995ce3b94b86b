// Package mapdata serves what the map page draws besides tiles and styles:
// the label points of the zones (GET /v1/labels), which the page also
// searches by name, and the glyphs of the labels (GET /fonts/…).
package mapdata

import (
	"cmp"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
	"github.com/zonegate/zonegate/geo/label"
)

// labelCache keeps the label points of the last snapshot and validity
// epoch asked for: the page asks once per load and per date change, and
// the points change only when a zone is published.
type labelCache struct {
	mu    sync.Mutex
	snap  *index.Snapshot
	epoch time.Time
	body  *geojson.FeatureCollection
}

// Handler answers the map-data routes. Create it with New.
type Handler struct {
	index  *index.Index
	now    func() time.Time
	loc    *time.Location
	labels labelCache
}

// Options are what a Handler reads: the zone index, the clock and the
// zone of date-only times.
type Options struct {
	Index    *index.Index
	Now      func() time.Time
	Location *time.Location
}

// New returns a Handler.
func New(o Options) *Handler { return &Handler{index: o.Index, now: o.Now, loc: o.Location} }

// Labels answers GET /v1/labels[?at=]: one GeoJSON point per zone valid
// at `at`, placed where its name is drawn (geo/label: a polygon's pole of
// inaccessibility, a line's middle, the point itself), with the zone's
// layer, kind, id, name and bounding box. The map page draws the names
// from it (one label per zone, not one per tile) and searches names in it.
func (s *Handler) Labels(w http.ResponseWriter, r *http.Request) error {
	at, err := wire.ParseAt(r.URL.Query().Get("at"), "at", s.now, s.loc)
	if err != nil {
		return err
	}
	snap := s.index.Snapshot()
	epoch := snap.Epoch(at)
	s.labels.mu.Lock()
	defer s.labels.mu.Unlock()
	if s.labels.snap != snap || !s.labels.epoch.Equal(epoch) || s.labels.body == nil {
		s.labels.snap, s.labels.epoch, s.labels.body = snap, epoch, labelPoints(snap, at)
	}
	w.Header().Set("Cache-Control", "no-cache")
	wire.WriteJSON(w, http.StatusOK, s.labels.body)
	return nil
}

// labelPoints builds the label features of the zones valid at at, ordered
// by layer, then id, so the answer is stable.
func labelPoints(snap *index.Snapshot, at time.Time) *geojson.FeatureCollection {
	var zones []*geo.Zone
	world := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	snap.Search(world, index.Query{At: at}, func(z *geo.Zone) bool {
		if z.Name != "" {
			zones = append(zones, z)
		}
		return true
	})
	slices.SortFunc(zones, func(a, b *geo.Zone) int {
		return cmp.Or(cmp.Compare(a.Layer, b.Layer), cmp.Compare(a.ID, b.ID))
	})
	fc := geojson.NewFeatureCollection()
	for _, z := range zones {
		p, ok := label.Point(z.Geometry, 0)
		if !ok {
			continue
		}
		b := z.Geometry.Bound()
		f := geojson.NewFeature(orb.Point{round6(p[0]), round6(p[1])})
		f.Properties = geojson.Properties{
			"layer": z.Layer, "kind": string(z.Kind), "id": z.ID, "name": z.Name, "geom": geomClass(z.Geometry),
			"bbox": []float64{round6(b.Min[0]), round6(b.Min[1]), round6(b.Max[0]), round6(b.Max[1])},
		}
		fc.Append(f)
	}
	return fc
}

func round6(v float64) float64 {
	const k = 1e6
	if v < 0 {
		return -float64(int64(-v*k+0.5)) / k
	}
	return float64(int64(v*k+0.5)) / k
}

// geomClass names what a label is drawn on: "area", "line" or "point".
func geomClass(g orb.Geometry) string {
	switch g.Dimensions() {
	case 0:
		return "point"
	case 1:
		return "line"
	}
	return "area"
}
