package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
	"github.com/tidwall/rtree"

	"github.com/zonegate/zonegate/data/demo"
	"github.com/zonegate/zonegate/geo/synth"
)

// benchLayer is the layer every polygon is loaded into, in zonegate (a
// coal_ban layer, so the coal-truck check has zones to judge) and in the
// floor's answers.
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
		return heavyStars(synth.Heavy.N), "heavy: synth.Heavy, 2,000 generated stars of 200–2,000 vertices (1,106 on average)", nil
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
		id, _ := f.ID.(string)
		if id == "" {
			id = "p" + strconv.Itoa(i)
		}
		switch f.Geometry.(type) {
		case orb.Polygon, orb.MultiPolygon:
			out = append(out, polygon{id: id, geom: f.Geometry})
		}
	}
	return out, fmt.Sprintf("%s (%d polygons)", filepath.Base(path), len(out)), nil
}

// heavyStars returns the first n stars of synth.Heavy: jagged stars of
// 200–2,000 vertices over 1°×1° near Linfen, overlapping a few deep — the
// heavy set issue 16 describes (about 1,100 vertices, 12.7 bounding-box
// candidates and 5.5 hits a point; this one gives 11.8 and 5.3).
func heavyStars(n int) []polygon {
	set := synth.Heavy
	set.N = n
	out := make([]polygon, n)
	for i, p := range set.Polygons() {
		out[i] = polygon{id: "star-" + strconv.Itoa(i), geom: p}
	}
	return out
}

// seededPoints draws n points uniformly over the polygons' bound, rounded
// to 1e-7 degrees (about 1 cm, what a GPS receiver reports), so every
// client writes them in at most 11 characters.
func seededPoints(polys []polygon, n int) []orb.Point {
	b := polys[0].geom.Bound()
	for _, p := range polys[1:] {
		b = b.Union(p.geom.Bound())
	}
	pts := synth.PointsIn(b, n, 42, 7)
	for i, p := range pts {
		pts[i] = orb.Point{math.Round(p[0]*1e7) / 1e7, math.Round(p[1]*1e7) / 1e7}
	}
	return pts
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

// writeGeoJSON writes the polygons as a FeatureCollection, each Feature
// with its id and name, the file the servers load (zonegate import, the
// floor's --polygons).
func writeGeoJSON(path string, polys []polygon) error {
	fc := geojson.NewFeatureCollection()
	for _, p := range polys {
		f := geojson.NewFeature(p.geom)
		f.ID = p.id
		f.Properties["name"] = p.id
		fc.Append(f)
	}
	b, err := fc.MarshalJSON()
	if err != nil {
		return fmt.Errorf("encode polygons: %w", err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("write polygons: %w", err)
	}
	return nil
}

// bruteHits counts, by testing every polygon, the zones containing each
// of pts: the oracle the tests hold the fake Tile38 and the floor to.
func bruteHits(polys []polygon, pts []orb.Point) int {
	n := 0
	for _, pt := range pts {
		for _, p := range polys {
			if contains(p.geom, pt) {
				n++
			}
		}
	}
	return n
}

// setStats describes a polygon set for the output: mean vertices per
// polygon, and over pts the mean bounding-box candidates and hits per
// point (the work an index leaves to the point-in-polygon test).
func setStats(polys []polygon, pts []orb.Point) string {
	var tr rtree.RTreeG[int]
	verts := 0
	for i, p := range polys {
		b := p.geom.Bound()
		tr.Insert(b.Min, b.Max, i)
		switch g := p.geom.(type) {
		case orb.Polygon:
			for _, r := range g {
				verts += len(r)
			}
		case orb.MultiPolygon:
			for _, q := range g {
				for _, r := range q {
					verts += len(r)
				}
			}
		}
	}
	cands, hits := 0, 0
	for _, pt := range pts {
		tr.Search(pt, pt, func(_, _ [2]float64, i int) bool {
			cands++
			if contains(polys[i].geom, pt) {
				hits++
			}
			return true
		})
	}
	n := float64(max(len(pts), 1))
	return fmt.Sprintf("%.0f vertices a polygon; %.1f bbox candidates and %.2f hits a point (first %d points)",
		float64(verts)/float64(max(len(polys), 1)), float64(cands)/n, float64(hits)/n, len(pts))
}
