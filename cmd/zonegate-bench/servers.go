package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strconv"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
	"github.com/tidwall/rtree"

	"github.com/zonegate/zonegate/api"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/demo"
	"github.com/zonegate/zonegate/data/follow"
	"github.com/zonegate/zonegate/data/sqlite"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
)

// benchLayer is the layer every polygon is loaded into.
const benchLayer = "bench"

// polygon is one zone of the benchmark set.
type polygon struct {
	id   string
	geom orb.Geometry // orb.Polygon or orb.MultiPolygon
}

// loadPolygons reads the polygon set: a GeoJSON file, the demo counties, or
// the generated heavy stars.
func loadPolygons(path string, heavy bool) ([]polygon, string, error) {
	if heavy {
		return heavyStars(2000, 1100), "heavy: 2,000 generated stars of 1,100 vertices", nil
	}
	if path == "" {
		var out []polygon
		_, zones := demo.Region()
		for _, z := range zones {
			if z.Layer == demo.LayerCounties {
				out = append(out, polygon{id: z.ID, geom: z.Geometry})
			}
		}
		return out, fmt.Sprintf("demo counties (%d polygons)", len(out)), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, "", fmt.Errorf("read polygons: %w", err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		return nil, "", fmt.Errorf("parse polygons %s: %w", path, err)
	}
	var out []polygon
	for i, f := range fc.Features {
		switch f.Geometry.(type) {
		case orb.Polygon, orb.MultiPolygon:
			out = append(out, polygon{id: "p" + strconv.Itoa(i), geom: f.Geometry})
		}
	}
	return out, fmt.Sprintf("%s (%d polygons)", filepath.Base(path), len(out)), nil
}

// heavyStars generates n star polygons of v vertices over the Linfen
// area, seeded, overlapping a few deep.
func heavyStars(n, v int) []polygon {
	rng := rand.New(rand.NewPCG(16, 1))
	out := make([]polygon, n)
	for i := range out {
		c := orb.Point{110.4 + 2.1*rng.Float64(), 35.4 + 1.5*rng.Float64()}
		ring := make(orb.Ring, 0, v+1)
		for k := range v {
			a := 2 * math.Pi * float64(k) / float64(v)
			r := 0.09
			if k%2 == 1 {
				r = 0.05
			}
			ring = append(ring, orb.Point{c[0] + r*math.Cos(a), c[1] + r*math.Sin(a)})
		}
		ring = append(ring, ring[0])
		out[i] = polygon{id: "star-" + strconv.Itoa(i), geom: orb.Polygon{ring}}
	}
	return out
}

// seededPoints draws n points uniformly over the polygons' bound.
func seededPoints(polys []polygon, n int) []orb.Point {
	b := polys[0].geom.Bound()
	for _, p := range polys[1:] {
		b = b.Union(p.geom.Bound())
	}
	rng := rand.New(rand.NewPCG(42, 7))
	pts := make([]orb.Point, n)
	for i := range pts {
		pts[i] = orb.Point{b.Min[0] + (b.Max[0]-b.Min[0])*rng.Float64(), b.Min[1] + (b.Max[1]-b.Min[1])*rng.Float64()}
	}
	return pts
}

// newFloor is the transport floor: bare net/http, an R-tree of bounds and
// orb's planar point-in-polygon test, answering the same three endpoints
// in the same JSON as zonegate's batch answer, and nothing else.
func newFloor(polys []polygon) http.Handler {
	var tr rtree.RTreeG[int]
	for i, p := range polys {
		b := p.geom.Bound()
		tr.Insert(b.Min, b.Max, i)
	}
	frag := make([][]byte, len(polys))
	for i, p := range polys {
		frag[i] = fmt.Appendf(nil, `{"layer":%q,"id":%q}`, benchLayer, p.id)
	}
	answer := func(buf []byte, pt orb.Point) []byte {
		buf = append(buf, `{"zones":[`...)
		n := 0
		tr.Search(pt, pt, func(_, _ [2]float64, i int) bool {
			if contains(polys[i].geom, pt) {
				if n > 0 {
					buf = append(buf, ',')
				}
				buf = append(buf, frag[i]...)
				n++
			}
			return true
		})
		return append(buf, "]}"...)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/zones/at", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		lon, err1 := strconv.ParseFloat(q.Get("lon"), 64)
		lat, err2 := strconv.ParseFloat(q.Get("lat"), 64)
		if err1 != nil || err2 != nil {
			http.Error(w, "bad point", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(append(answer(nil, orb.Point{lon, lat}), '\n'))
	})
	mux.HandleFunc("POST /v1/zones/at", func(w http.ResponseWriter, r *http.Request) {
		var req struct{ Points []orb.Point }
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		buf := append(make([]byte, 0, 40*len(req.Points)), `{"results":[`...)
		for i, pt := range req.Points {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = answer(buf, pt)
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(append(buf, "]}\n"...))
	})
	mux.HandleFunc("POST /v1/zones/at/stream", func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		_ = rc.EnableFullDuplex()
		w.Header().Set("Content-Type", "application/x-ndjson")
		br := bufio.NewReaderSize(r.Body, 256<<10)
		var out []byte
		for {
			line, err := br.ReadSlice('\n')
			if len(line) > 2 {
				var pt orb.Point
				if _, perr := fmt.Sscanf(string(line), "[%g,%g]", &pt[0], &pt[1]); perr == nil {
					out = append(answer(out, pt), '\n')
				} else {
					out = append(out, "{\"error\":{}}\n"...)
				}
			}
			if err != nil || br.Buffered() == 0 {
				if _, werr := w.Write(out); werr != nil {
					return
				}
				out = out[:0]
				_ = rc.Flush()
			}
			if err != nil {
				return
			}
		}
	})
	return mux
}

// contains is orb's point-in-polygon test with holes.
func contains(g orb.Geometry, p orb.Point) bool {
	switch g := g.(type) {
	case orb.Polygon:
		return planar.PolygonContains(g, p)
	case orb.MultiPolygon:
		return planar.MultiPolygonContains(g, p)
	}
	return false
}

// newZonegate is zonegate itself (api.New) over a fresh SQLite store in
// dir holding the polygons as one published layer. The returned func
// closes it.
func newZonegate(ctx context.Context, dir string, polys []polygon) (http.Handler, func(), error) {
	store, err := sqlite.Open(ctx, filepath.Join(dir, "zonegate.db"), sqlite.Options{})
	if err != nil {
		return nil, nil, fmt.Errorf("open store: %w", err)
	}
	if _, err := store.PutLayer(ctx, geo.Layer{ID: benchLayer, Kind: geo.KindAdmin, Title: "benchmark polygons"}); err != nil {
		return nil, nil, fmt.Errorf("put layer: %w", err)
	}
	zones := make([]*geo.Zone, len(polys))
	for i, p := range polys {
		zones[i] = &geo.Zone{Layer: benchLayer, ID: p.id, Kind: geo.KindAdmin, Name: p.id, Geometry: p.geom, Status: geo.StatusPublished}
	}
	if err := store.Commit(ctx, data.Batch{Append: zones}); err != nil {
		return nil, nil, fmt.Errorf("commit %d zones: %w", len(zones), err)
	}
	ix := index.New()
	f := follow.New(store, ix, nil)
	if err := f.CatchUp(ctx); err != nil {
		return nil, nil, fmt.Errorf("index: %w", err)
	}
	ix.Snapshot().WaitReady()
	srv := api.New(api.Options{Store: store, Index: ix, Follower: f})
	return srv, func() { _ = srv.Close(ctx); _ = store.Close() }, nil
}
