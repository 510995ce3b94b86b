package analysis

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/analysis/kiln"
	"github.com/zonegate/zonegate/geo/crs"
	"github.com/zonegate/zonegate/geo/index"
)

// Default layers of the kiln analyses: the demo region's.
const (
	DefaultKilnTownshipsLayer = "kiln_townships"
	DefaultKilnCountiesLayer  = "counties"
	DefaultKilnsLayer         = "kilns"
)

// KilnOptions configures the brick-kiln analyses. The zero value uses the
// gazette's defaults and the demo's layer ids.
type KilnOptions struct {
	// Criteria of a relocation site; a zero MinDistanceM means
	// kiln.DefaultCriteria().
	Criteria kiln.Criteria
	// Caps per county zone id in bricks per year; nil means
	// kiln.DefaultCaps() (3.0 亿 each for 尧都区, 洪洞县, 襄汾县).
	Caps kiln.Caps
	// BuiltUpLayer holds the built-up areas; "" means every layer of kind
	// built_up.
	BuiltUpLayer string
	// TownshipsLayer holds the suggested relocation areas ("":
	// DefaultKilnTownshipsLayer), CountiesLayer the counties ("":
	// DefaultKilnCountiesLayer), KilnsLayer the kilns with property
	// capacity_bricks_per_year ("": DefaultKilnsLayer).
	TownshipsLayer, CountiesLayer, KilnsLayer string
}

// withDefaults fills in the zero fields.
func (o KilnOptions) withDefaults() KilnOptions {
	if o.Criteria.MinDistanceM == 0 {
		o.Criteria = kiln.DefaultCriteria()
	}
	if o.Caps == nil {
		o.Caps = kiln.DefaultCaps()
	}
	if o.TownshipsLayer == "" {
		o.TownshipsLayer = DefaultKilnTownshipsLayer
	}
	if o.CountiesLayer == "" {
		o.CountiesLayer = DefaultKilnCountiesLayer
	}
	if o.KilnsLayer == "" {
		o.KilnsLayer = DefaultKilnsLayer
	}
	return o
}

// kilnSiteRequest is the body of POST /v1/analysis/kiln-site.
type kilnSiteRequest struct {
	Position []float64 `json:"position"`
	CRS      string    `json:"crs,omitempty"`
	At       string    `json:"at,omitempty"`
}

// kilnCapacityResponse is the body of GET /v1/analysis/kiln-capacity.
type kilnCapacityResponse struct {
	kiln.CapacityReport
	Layer string `json:"layer"`
}

// KilnSite answers POST /v1/analysis/kiln-site: the site check of
// geo/analysis/kiln for one position, against the zones published at "at".
func (h *Handler) KilnSite(w http.ResponseWriter, r *http.Request) error {
	var req kilnSiteRequest
	if err := wire.DecodeJSON(w, r, h.maxBody, &req); err != nil {
		return err
	}
	c, err := wire.ParseCRS(req.CRS, "crs")
	if err != nil {
		return err
	}
	at, err := h.parseAt(req.At, "at")
	if err != nil {
		return err
	}
	switch {
	case req.Position == nil:
		return wire.BadRequest("missing_location", "position", "position [lon, lat] is required")
	case len(req.Position) != 2:
		return wire.BadRequest("invalid_point", "position", "position must be [lon, lat], got %d numbers", len(req.Position))
	}
	if err := wire.CheckLonLat(req.Position[0], req.Position[1], "position."); err != nil {
		return err
	}
	p := crs.ToWGS84(orb.Point{req.Position[0], req.Position[1]}, c)
	release, err := h.kilnGate.acquire(r.Context())
	if err != nil {
		return err
	}
	defer release()
	o := h.kiln
	snap := h.index.Snapshot()
	in := kiln.Input{
		BuiltUp:   kilnBuiltUp(snap, o.BuiltUpLayer, at),
		Townships: kilnLayerZones(snap, o.TownshipsLayer, at),
		Counties:  kilnLayerZones(snap, o.CountiesLayer, at),
	}
	if len(h.dems) > 0 {
		in.Terrain = h.dems
	}
	m, err := kiln.New(in, o.Criteria)
	if err != nil {
		if errors.Is(err, geo.ErrInvalid) {
			return &wire.Error{Status: http.StatusConflict, Code: "kiln_unavailable",
				Message: fmt.Sprintf("the kiln site check cannot run on the published data: %v", err)}
		}
		return fmt.Errorf("kiln model: %w", err)
	}
	res := m.CheckSite(p)
	roundSite(&res)
	wire.WriteJSON(w, http.StatusOK, res)
	return nil
}

// KilnCapacity answers GET /v1/analysis/kiln-capacity[?at=]: the kilns'
// annual capacity per county against the caps.
func (h *Handler) KilnCapacity(w http.ResponseWriter, r *http.Request) error {
	at, err := h.parseAt(r.URL.Query().Get("at"), "at")
	if err != nil {
		return err
	}
	o := h.kiln
	snap := h.index.Snapshot()
	rep := kiln.Capacity(kilnLayerZones(snap, o.KilnsLayer, at), kilnLayerZones(snap, o.CountiesLayer, at), o.Caps)
	wire.WriteJSON(w, http.StatusOK, kilnCapacityResponse{CapacityReport: rep, Layer: o.KilnsLayer})
	return nil
}

// kilnWorld covers every lon/lat position.
var kilnWorld = orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}

// kilnLayerZones returns the zones of layer published and valid at t.
func kilnLayerZones(snap *index.Snapshot, layer string, t time.Time) []*geo.Zone {
	var out []*geo.Zone
	snap.Search(kilnWorld, index.Query{At: t, Layers: []string{layer}}, func(z *geo.Zone) bool {
		out = append(out, z)
		return true
	})
	return kilnSorted(out)
}

// kilnBuiltUp returns the built-up zones valid at t: those of layer, or
// with layer "" every zone of kind built_up.
func kilnBuiltUp(snap *index.Snapshot, layer string, t time.Time) []*geo.Zone {
	if layer != "" {
		return kilnLayerZones(snap, layer, t)
	}
	var out []*geo.Zone
	snap.Search(kilnWorld, index.Query{At: t}, func(z *geo.Zone) bool {
		if z.Kind == geo.KindBuiltUp {
			out = append(out, z)
		}
		return true
	})
	return kilnSorted(out)
}

// kilnSorted orders zones by layer and id, so results do not depend on
// the index's iteration order.
func kilnSorted(zs []*geo.Zone) []*geo.Zone {
	slices.SortFunc(zs, func(a, b *geo.Zone) int {
		return cmp.Or(strings.Compare(a.Layer, b.Layer), strings.Compare(a.ID, b.ID))
	})
	return zs
}

// roundSite rounds the measured values of a site answer to what the inputs
// support (centimetres for distances, decimetres for elevations, hundredths
// of a degree for slopes, tenths for bearings), so the JSON carries no
// floating-point noise such as 1707.9999999999982.
func roundSite(r *kiln.SiteResult) {
	// Dividing by a power of ten (not multiplying by 0.1) gives the double
	// nearest the decimal.
	round := func(v, scale float64) float64 { return math.Round(v*scale) / scale }
	roundPtr := func(v *float64, scale float64) {
		if v != nil {
			*v = round(*v, scale)
		}
	}
	roundPtr(r.DistanceM, 100)
	roundPtr(r.ElevationM, 10)
	roundPtr(r.SlopeDeg, 100)
	roundPtr(r.BearingDeg, 10)
	for i, c := range r.Criteria {
		if v, ok := c.Value.(float64); ok {
			scale := 100.0
			if c.Code == "MIN_ELEVATION" || c.Code == "DOWNWIND" {
				scale = 10
			}
			r.Criteria[i].Value = round(v, scale)
		}
	}
}
