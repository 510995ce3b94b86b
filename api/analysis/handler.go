// Package analysis serves the HTTP side of geo/analysis: the brick-kiln
// site check and capacity report (kiln.go), the sewer coverage report and
// point check (sewer.go), and the elevation of the loaded DEMs with their
// hillshade and contour tiles (terrain.go, terrain_tiles.go). It reads
// zones from the in-memory index only.
//
// Handler's exported methods are the endpoints; package api mounts them in
// its route table, which also decides who may call each (auth.go).
package analysis

import (
	"context"
	"time"

	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/geo/analysis/sewer"
	"github.com/zonegate/zonegate/geo/analysis/terrain"
	"github.com/zonegate/zonegate/geo/index"
	"github.com/zonegate/zonegate/tiles"
	"github.com/zonegate/zonegate/tiles/relief"
)

// Options are what the endpoints need from the server. Index and
// TileCache are required.
type Options struct {
	Index *index.Index
	// TileCache keeps rendered hillshade and contour tiles (shared with
	// the zone tiles; the keys do not collide).
	TileCache *tiles.Cache
	// DEMs are the elevation models, queried in order. They must not
	// change while the server runs. nil: no terrain data.
	DEMs terrain.DEMSet
	// Kiln configures the brick-kiln analyses; zero: the gazette's
	// defaults on the demo's layers.
	Kiln KilnOptions
	Now  func() time.Time // nil: time.Now
	// Location interprets date-only times. nil: UTC+8.
	Location *time.Location
	// MaxBodyBytes caps a request body (must be > 0).
	MaxBodyBytes int64
	// Limits bound the analyses' cells, concurrency and time (gate.go).
	Limits Limits
	// LimitHit, if set, is called with the name of a limit each time a
	// request is refused by it ("analysis_cells", "analysis_queue").
	LimitHit func(limit string)
}

// Handler serves the analysis and terrain endpoints. Create it with New.
type Handler struct {
	index     *index.Index
	tileCache *tiles.Cache
	dems      terrain.DEMSet
	relief    *relief.Renderer // hillshade and contour tiles of dems
	kiln      KilnOptions      // with defaults filled in
	sewer     sewerCache
	limits    Limits
	sewerGate *gate // sewer coverage computations
	kilnGate  *gate // kiln site checks
	onLimit   func(limit string)
	// sewerCoverage is sewer.CoverageContext; tests replace it.
	sewerCoverage func(context.Context, []sewer.Line, []sewer.County, sewer.Options) (sewer.Result, error)
	now           func() time.Time
	loc           *time.Location
	maxBody       int64
}

// New builds a Handler.
func New(o Options) *Handler {
	h := &Handler{index: o.Index, tileCache: o.TileCache, dems: o.DEMs,
		relief: relief.NewRenderer(o.DEMs, relief.Options{}), kiln: o.Kiln.withDefaults(),
		now: o.Now, loc: o.Location, maxBody: o.MaxBodyBytes,
		limits: o.Limits.withDefaults(), onLimit: o.LimitHit, sewerCoverage: sewer.CoverageContext}
	h.sewerGate = newGate("sewer-coverage", h.limits, h.queueFull)
	h.kilnGate = newGate("kiln-site", h.limits, h.queueFull)
	if h.now == nil {
		h.now = time.Now
	}
	if h.loc == nil {
		h.loc = wire.DefaultLocation()
	}
	return h
}

// limitHit reports a refusal by limit.
func (h *Handler) limitHit(limit string) {
	if h.onLimit != nil {
		h.onLimit(limit)
	}
}

// queueFull reports a request refused because endpoint's gate stayed full.
func (h *Handler) queueFull(string) { h.limitHit("analysis_queue") }

// parseAt reads an "as of" time; "" means now.
func (h *Handler) parseAt(v, field string) (time.Time, error) {
	return wire.ParseAt(v, field, h.now, h.loc)
}
