package analysis

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/geo/analysis/sewer"
	"github.com/zonegate/zonegate/geo/index"
)

// Limits of the sewer analysis endpoints.
const (
	sewerMaxServiceM = 5000 // larger service distances are refused (400)
	sewerCellM       = 25   // grid cell; finer for service distances below 250 m
	sewerCacheSize   = 8    // cached results (by service distance and revisions)
)

// sewerCache keeps computed coverage results and the point-check
// networks, keyed by the revisions of the layers they were computed from.
// Its lock is held only to read or store an entry, never while computing:
// concurrent requests for one key share one computation (singleflight),
// and a cached key is answered while another computes. The zero value is
// ready to use.
type sewerCache struct {
	flight  singleflight.Group
	mu      sync.Mutex
	results map[string]*sewerCoverageResponse
	order   []string // keys of results, oldest first
	netKey  string
	net     *sewer.Network
}

// get returns the cached result of key.
func (c *sewerCache) get(key string) (*sewerCoverageResponse, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	res, ok := c.results[key]
	return res, ok
}

// put stores the result of key, dropping the oldest beyond sewerCacheSize.
func (c *sewerCache) put(key string, res *sewerCoverageResponse) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.results == nil {
		c.results = make(map[string]*sewerCoverageResponse)
	}
	if _, ok := c.results[key]; !ok {
		c.order = append(c.order, key)
	}
	c.results[key] = res
	for len(c.order) > sewerCacheSize {
		delete(c.results, c.order[0])
		c.order = c.order[1:]
	}
}

// sewerInputs collects the analysis inputs from the current snapshot and
// returns them with a cache key naming every layer revision read and the
// validity epoch of now.
func (h *Handler) sewerInputs() (sewer.Inputs, string) {
	snap := h.index.Snapshot()
	now := h.now()
	in := sewer.FromSnapshot(snap, now, sewer.DefaultCountiesLayer)
	return in, sewerKey(snap, in.Layers, now)
}

// sewerKey joins the layers' revisions and the snapshot's epoch at t.
func sewerKey(snap *index.Snapshot, layers []string, t time.Time) string {
	var b strings.Builder
	for _, l := range layers {
		fmt.Fprintf(&b, "%s@%d;", l, snap.LayerRevision(l))
	}
	fmt.Fprintf(&b, "epoch=%d", snap.Epoch(t).UnixNano())
	return b.String()
}

// parseServiceM reads the optional service_m query parameter.
func parseServiceM(q url.Values) (float64, error) {
	v := q.Get("service_m")
	if v == "" {
		return sewer.DefaultServiceM, nil
	}
	f, err := wire.ParseFloat(v)
	if err != nil || !(f > 0) || f > sewerMaxServiceM {
		return 0, wire.BadRequest("invalid_parameter", "service_m",
			"service_m %q must be a number of metres in (0, %d]", v, sewerMaxServiceM)
	}
	return f, nil
}

// sewerCountyJSON is one county of the coverage answer.
type sewerCountyJSON struct {
	County         string  `json:"county"`
	Name           string  `json:"name"`
	BuiltUpKM2     float64 `json:"built_up_km2"`
	CoveredKM2     float64 `json:"covered_km2"`
	CoveredPct     float64 `json:"covered_pct"`
	CombinedKM     float64 `json:"combined_km"`
	SeparateKM     float64 `json:"separate_km"`
	ConversionRate float64 `json:"conversion_rate"`
	Target         float64 `json:"target"`
	MeetsTarget    bool    `json:"meets_target"`
}

// sewerTotalJSON sums the counties.
type sewerTotalJSON struct {
	BuiltUpKM2            float64 `json:"built_up_km2"`
	CoveredKM2            float64 `json:"covered_km2"`
	CoveredPct            float64 `json:"covered_pct"`
	CombinedKM            float64 `json:"combined_km"`
	SeparateKM            float64 `json:"separate_km"`
	ConversionRate        float64 `json:"conversion_rate"`
	CountiesMeetingTarget int     `json:"counties_meeting_target"`
}

// sewerCoverageResponse is the answer of GET /v1/analysis/sewer-coverage.
type sewerCoverageResponse struct {
	ServiceM float64           `json:"service_m"`
	CellM    float64           `json:"cell_m"`
	Counties []sewerCountyJSON `json:"counties"`
	Total    sewerTotalJSON    `json:"total"`
}

// SewerCoverage answers GET /v1/analysis/sewer-coverage[?service_m=]:
// per county built-up and covered area, combined and separate length and
// the conversion rate against its target. Computed from the current index
// snapshot and cached until a layer it read changes.
func (h *Handler) SewerCoverage(w http.ResponseWriter, r *http.Request) error {
	serviceM, err := parseServiceM(r.URL.Query())
	if err != nil {
		return err
	}
	in, key := h.sewerInputs()
	key = fmt.Sprintf("%g|%s", serviceM, key)
	c := &h.sewer
	if res, ok := c.get(key); ok {
		wire.WriteJSON(w, http.StatusOK, res)
		return nil
	}
	// The computation is shared by every request for key, so it runs on
	// its own deadline rather than the first caller's, and its result is
	// cached even if that caller goes away.
	ch := c.flight.DoChan(key, func() (any, error) {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), h.limits.Timeout)
		defer cancel()
		release, err := h.sewerGate.acquire(ctx)
		if err != nil {
			return nil, err
		}
		defer release()
		o := sewer.Options{ServiceM: serviceM, CellM: math.Min(sewerCellM, serviceM/10), MaxCells: h.limits.MaxCells}
		res, err := h.sewerCoverage(ctx, in.Lines, in.Counties, o)
		var cellsErr *sewer.CellsError
		switch {
		case errors.As(err, &cellsErr):
			h.limitHit("analysis_cells")
			return nil, &wire.Error{Status: http.StatusBadRequest, Code: "too_many_cells", Field: "service_m",
				Message: fmt.Sprintf("service_m %g is too small for the area: %v", serviceM, cellsErr)}
		case err != nil:
			return nil, fmt.Errorf("sewer coverage: %w", err)
		}
		out := toSewerResponse(res)
		c.put(key, out)
		return out, nil
	})
	select {
	case res := <-ch:
		if res.Err != nil {
			return res.Err
		}
		wire.WriteJSON(w, http.StatusOK, res.Val)
		return nil
	case <-r.Context().Done():
		return r.Context().Err()
	}
}

// toSewerResponse rounds the result for the wire: km² and km to 4
// decimals, percentages to 2, rates to 4.
func toSewerResponse(res sewer.Result) *sewerCoverageResponse {
	r := func(v, scale float64) float64 { return math.Round(v*scale) / scale }
	out := &sewerCoverageResponse{ServiceM: res.ServiceM, CellM: res.CellM, Counties: []sewerCountyJSON{}}
	for _, c := range res.Counties {
		out.Counties = append(out.Counties, sewerCountyJSON{
			County: c.County, Name: c.Name, BuiltUpKM2: r(c.BuiltUpKM2, 1e4), CoveredKM2: r(c.CoveredKM2, 1e4),
			CoveredPct: r(c.CoveredPct, 100), CombinedKM: r(c.CombinedKM, 1e4), SeparateKM: r(c.SeparateKM, 1e4),
			ConversionRate: r(c.ConversionRate, 1e4), Target: c.Target, MeetsTarget: c.MeetsTarget,
		})
	}
	t := res.Total
	out.Total = sewerTotalJSON{BuiltUpKM2: r(t.BuiltUpKM2, 1e4), CoveredKM2: r(t.CoveredKM2, 1e4),
		CoveredPct: r(t.CoveredPct, 100), CombinedKM: r(t.CombinedKM, 1e4), SeparateKM: r(t.SeparateKM, 1e4),
		ConversionRate: r(t.ConversionRate, 1e4), CountiesMeetingTarget: t.CountiesMeetingTarget}
	return out
}

// sewerNearestJSON names the nearest sewer line.
type sewerNearestJSON struct {
	Layer  string `json:"layer"`
	ID     string `json:"id"`
	Name   string `json:"name"`
	System string `json:"system"`
}

// sewerPointResponse is the answer of GET /v1/analysis/sewer-coverage/point.
// Without any sewer line, distance_m and nearest are null.
type sewerPointResponse struct {
	Served    bool              `json:"served"`
	ServiceM  float64           `json:"service_m"`
	DistanceM *float64          `json:"distance_m"`
	Nearest   *sewerNearestJSON `json:"nearest"`
}

// SewerPoint answers GET /v1/analysis/sewer-coverage/point?lon=&lat=[&crs=][&service_m=]:
// whether the point is within the service distance of a sewer line, and
// the exact distance to the nearest one.
func (h *Handler) SewerPoint(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p, err := wire.QueryPointWGS84(q)
	if err != nil {
		return err
	}
	serviceM, err := parseServiceM(q)
	if err != nil {
		return err
	}
	net := h.sewerNetwork()
	chk, err := net.Check(p, serviceM)
	if err != nil {
		return fmt.Errorf("sewer point check: %w", err) // inputs were validated: a 500
	}
	out := sewerPointResponse{Served: chk.Served, ServiceM: serviceM}
	if chk.Nearest != nil {
		d := math.Round(chk.DistanceM*100) / 100
		out.DistanceM = &d
		out.Nearest = &sewerNearestJSON{Layer: chk.Nearest.Layer, ID: chk.Nearest.ID,
			Name: chk.Nearest.Name, System: string(chk.Nearest.System)}
	}
	wire.WriteJSON(w, http.StatusOK, out)
	return nil
}

// sewerNetwork returns the point-check network of the current snapshot,
// rebuilt only when a sewer layer changed; concurrent rebuilds for one key
// are shared and no lock is held while building.
func (h *Handler) sewerNetwork() *sewer.Network {
	in, key := h.sewerInputs()
	c := &h.sewer
	c.mu.Lock()
	net, netKey := c.net, c.netKey
	c.mu.Unlock()
	if net != nil && netKey == key {
		return net
	}
	v, _, _ := c.flight.Do("network|"+key, func() (any, error) {
		net := sewer.NewNetwork(in.Lines)
		c.mu.Lock()
		c.net, c.netKey = net, key
		c.mu.Unlock()
		return net, nil
	})
	return v.(*sewer.Network)
}
