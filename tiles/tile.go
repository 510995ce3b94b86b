// Package tiles renders zonegate's zones as Mapbox Vector Tiles (spec 2.1)
// and caches the results. It knows nothing of HTTP or of the store: it reads
// zones from a Source (the in-memory index) and returns bytes.
//
// Rendering a tile: find the zones active at the query time whose bounding
// box meets the tile plus its buffer, clip each geometry to that square in
// lon/lat (so a huge polygon is cut before anything is projected), drop
// vertices closer than the simplification tolerance, project the rest to
// tile units with spherical Web Mercator, simplify with Douglas–Peucker in
// tile units (so the tolerance means the same on screen at every zoom),
// snap to the integer grid of the extent, and repair what snapping breaks:
// consecutive duplicates and spikes are removed, rings with fewer than three
// distinct points or no area are dropped, exterior rings are wound with
// positive area and interior rings with negative area by the spec's formula
// (clockwise and counter-clockwise on screen). Features smaller than a
// pixel are dropped.
//
// Rings of more than 128 edges are simplified before clipping instead:
// Douglas–Peucker over the whole ring in Web Mercator, at the tile's
// tolerance, read from per-vertex significance values computed once per
// zone (see Renderer), so no tile pays O(n log n) for them. Both orders
// keep every edge within the tolerance of the source; they differ only in
// which vertices are kept near the clip edge.
//
// At low zoom a large ring is read from its level instead: the ring
// simplified, thinned, projected and snapped once for the whole zoom when
// its zone is prepared, so a tile translates it (and clips it when it is
// not wholly inside) and copies its pre-encoded MVT deltas.
//
// Tiles are written with google.golang.org/protobuf's wire helpers
// straight from the drawn geometry (see tileWriter).
//
// A Renderer keeps per-zone data (ring and run bounding boxes,
// significance values, levels) so that a tile reads only the parts of large rings
// near it; Encode prepares that data afresh on every call and gives the
// same tiles.
//
// Coordinates are not wrapped across the antimeridian and latitudes are
// clamped to Web Mercator's ±85.0511°.
package tiles

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"

	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
)

// MaxZoom is the deepest zoom level served. Zoom 18 tiles are about 150 m
// across at Linfen's latitude, finer than any zone boundary is drawn.
const MaxZoom = 18

// Source is what tiles need from the in-memory index. *index.Snapshot
// provides all three methods.
type Source interface {
	// Search calls fn for every zone matching q whose bounding box meets b;
	// fn returning false stops the search.
	Search(b orb.Bound, q index.Query, fn func(*geo.Zone) bool)
	// LayerRevision returns the highest store revision of any version of
	// the layer the source holds. It changes whenever the layer's content
	// may change.
	LayerRevision(layer string) int64
	// Epoch returns the latest validity boundary (valid_from or valid_to of
	// any held version) at or before at. Two times with the same epoch see
	// the same active zones, as long as the revisions do not change.
	Epoch(at time.Time) time.Time
}

// Tileset is a named set of layers served together: one MVT layer per
// zonegate layer, in this order.
type Tileset struct {
	Name   string
	Layers []geo.Layer
}

// DefaultTileset is the name of the tileset holding every layer.
const DefaultTileset = "zones"

// LayerIDs returns the ids of the tileset's layers, in order.
func (ts Tileset) LayerIDs() []string {
	ids := make([]string, len(ts.Layers))
	for i, l := range ts.Layers {
		ids[i] = l.ID
	}
	return ids
}

// TileError reports a tile address out of range or not a number. It wraps
// geo.ErrInvalid; Field is "z", "x" or "y".
type TileError struct {
	Field  string
	Detail string
}

// Error returns e.g. "tile x: 300 is outside [0, 255] at zoom 8".
func (e *TileError) Error() string { return "tile " + e.Field + ": " + e.Detail }

// Unwrap returns geo.ErrInvalid.
func (e *TileError) Unwrap() error { return geo.ErrInvalid }

// ParseTile reads a tile address given as decimal strings. z must lie in
// [0, MaxZoom] and x and y in [0, 2^z). The caller strips any file suffix
// (".mvt") first. The error is a *TileError naming the field at fault.
func ParseTile(z, x, y string) (maptile.Tile, error) {
	zv, err := parseCoord("z", z, MaxZoom, noZoom)
	if err != nil {
		return maptile.Tile{}, err
	}
	limit := uint64(1)<<zv - 1
	xv, err := parseCoord("x", x, limit, zv)
	if err != nil {
		return maptile.Tile{}, err
	}
	yv, err := parseCoord("y", y, limit, zv)
	if err != nil {
		return maptile.Tile{}, err
	}
	return maptile.New(uint32(xv), uint32(yv), maptile.Zoom(zv)), nil
}

// noZoom is parseCoord's zoom for the zoom itself.
const noZoom = ^uint64(0)

// parseCoord parses s as a decimal integer in [0, limit]; the out-of-range
// message of x and y ends with their zoom (zoom is noZoom for z).
func parseCoord(field, s string, limit, zoom uint64) (uint64, error) {
	v, err := strconv.ParseUint(s, 10, 32)
	suffix := ""
	if zoom != noZoom && (err != nil || v > limit) {
		suffix = fmt.Sprintf(" at zoom %d", zoom)
	}
	switch {
	case errors.Is(err, strconv.ErrRange):
		return 0, &TileError{Field: field, Detail: fmt.Sprintf("%s is outside [0, %d]%s", s, limit, suffix)}
	case err != nil:
		return 0, &TileError{Field: field, Detail: fmt.Sprintf("%q is not a non-negative integer", s)}
	case v > limit:
		return 0, &TileError{Field: field, Detail: fmt.Sprintf("%d is outside [0, %d]%s", v, limit, suffix)}
	}
	return v, nil
}

// Options tunes rendering. The zero value of a field means its default.
type Options struct {
	// Extent is the tile's integer grid size. Default 4096.
	Extent uint32
	// Buffer is the margin kept around the tile, in pixels of a 512-pixel
	// tile (as MapLibre draws them), so lines and fills join seamlessly
	// across tile edges. Default 8 px (64 units at extent 4096).
	Buffer float64
	// SimplifyPx is the Douglas–Peucker tolerance in pixels. Default 0.5.
	// A negative value disables simplification.
	SimplifyPx float64
	// MinFeaturePx drops polygons whose bounding box covers less than
	// MinFeaturePx² square pixels and lines whose bounding box is shorter
	// than MinFeaturePx on its diagonal. Default 1. Points are always kept.
	MinFeaturePx float64
}

// tilePixels is the size in pixels at which a tile is displayed; pixel
// tolerances in Options are relative to it.
const tilePixels = 512

func (o Options) withDefaults() Options {
	if o.Extent == 0 {
		o.Extent = 4096
	}
	if o.Buffer == 0 {
		o.Buffer = 8
	}
	if o.SimplifyPx == 0 {
		o.SimplifyPx = 0.5
	}
	if o.MinFeaturePx == 0 {
		o.MinFeaturePx = 1
	}
	return o
}

// appendFingerprint appends what identifies the options in cache keys,
// "e<extent>,b<buffer>,s<simplify>,m<min feature>" with the floats as %g
// prints them.
func (o Options) appendFingerprint(b []byte) []byte {
	o = o.withDefaults()
	b = append(b, 'e')
	b = strconv.AppendInt(b, int64(o.Extent), 10)
	b = append(b, ",b"...)
	b = strconv.AppendFloat(b, o.Buffer, 'g', -1, 64)
	b = append(b, ",s"...)
	b = strconv.AppendFloat(b, o.SimplifyPx, 'g', -1, 64)
	b = append(b, ",m"...)
	return strconv.AppendFloat(b, o.MinFeaturePx, 'g', -1, 64)
}
