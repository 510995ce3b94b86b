// Package ogc serves OGC API – Features: Part 1 (core, GeoJSON), read-only
// over the published zones in the in-memory index (the landing page,
// /conformance, /collections and their items), and Part 4 (create,
// replace, update, delete) over the store, with publishing drafts and the
// version history (/v1/zones/{layer}/{id}/publish and .../versions).
//
// Handler's exported methods are the endpoints; package api mounts them in
// its route table, which also decides who may call each (auth.go).
package ogc

import (
	"time"

	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/data/follow"
	"github.com/zonegate/zonegate/geo/index"
)

// Options are what the endpoints need from the server. Store, Index and
// Follower are required.
type Options struct {
	Store    data.Store
	Index    *index.Index
	Follower *follow.Follower // the layers, and CatchUp after publishing
	Now      func() time.Time // nil: time.Now
	// Location interprets date-only times. nil: UTC+8.
	Location *time.Location
	// MaxBodyBytes caps a feature or publish body (must be > 0).
	MaxBodyBytes int64
	// MaxVertices caps the vertices of one edited feature (0: geo's
	// default; negative: no cap).
	MaxVertices int
	// MaxParts caps the polygons of one edited MultiPolygon (0: geo's
	// default; negative: no cap).
	MaxParts int
}

// Handler serves the OGC API – Features endpoints. Create it with New.
type Handler struct {
	store       data.Store
	index       *index.Index
	follower    *follow.Follower
	now         func() time.Time
	loc         *time.Location
	maxBody     int64
	maxVertices int
	maxParts    int
}

// New builds a Handler.
func New(o Options) *Handler {
	h := &Handler{store: o.Store, index: o.Index, follower: o.Follower, now: o.Now, loc: o.Location,
		maxBody: o.MaxBodyBytes, maxVertices: o.MaxVertices, maxParts: o.MaxParts}
	if h.now == nil {
		h.now = time.Now
	}
	if h.loc == nil {
		h.loc = wire.DefaultLocation()
	}
	return h
}

// parseAt reads an "as of" time; "" means now.
func (h *Handler) parseAt(v, field string) (time.Time, error) {
	return wire.ParseAt(v, field, h.now, h.loc)
}

// timeOrNil is t, or nil (JSON null) for an open bound.
func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
