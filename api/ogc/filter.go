package ogc

// OGC API – Features Part 3: queryables per collection and filter= in CQL2
// text over the zones' properties, geometry and validity (api/ogc/cql2
// parses and evaluates; this file gives it the zone semantics).

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/api/ogc/cql2"
	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
)

// Queryables beside the properties: the geometry and the validity
// interval [valid_from, valid_to).
const (
	geometryQueryable = "geometry"
	validityQueryable = "validity"
)

// queryableJSON is one property of the queryables' JSON Schema.
type queryableJSON struct {
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
	Type        string `json:"type,omitempty"`
	Format      string `json:"format,omitempty"`
	Ref         string `json:"$ref,omitempty"`
}

// layerQueryables returns the queryables of layer: id, the reserved
// properties, every property key of its published versions (typed by the
// values seen), geometry and validity.
func layerQueryables(snap *index.Snapshot, layer string) map[string]queryableJSON {
	q := map[string]queryableJSON{
		"id":              {Title: "zone id", Type: "string"},
		"name":            {Title: "name", Type: "string"},
		"kind":            {Title: "zone kind", Type: "string"},
		"layer":           {Title: "layer", Type: "string"},
		"version":         {Title: "version", Type: "integer"},
		"status":          {Title: "status", Type: "string"},
		"valid_from":      {Title: "valid from (RFC 3339, null when open)", Type: "string", Format: "date-time"},
		"valid_to":        {Title: "valid until, exclusive (RFC 3339, null when open)", Type: "string", Format: "date-time"},
		geometryQueryable: {Title: "geometry (CRS84)", Format: "geometry-any", Ref: "https://geojson.org/schema/Geometry.json"},
		validityQueryable: {Title: "validity interval [valid_from, valid_to) for T_INTERSECTS", Format: "interval"},
	}
	for _, z := range selectZones(snap, layer, nil, timeFilter{}) {
		for k, v := range z.Properties {
			if _, ok := q[k]; ok {
				continue
			}
			t := ""
			switch v.(type) {
			case string:
				t = "string"
			case bool:
				t = "boolean"
			case float64, float32, int, int64, json.Number:
				t = "number"
			}
			q[k] = queryableJSON{Title: k, Type: t}
		}
	}
	return q
}

// Queryables answers GET /collections/{layer}/queryables: a JSON Schema
// of the properties a filter may name. The "queryables" array repeats the
// names in the draft form GDAL 3.6 reads to decide which conditions it may
// send to the server.
func (h *Handler) Queryables(w http.ResponseWriter, r *http.Request) error {
	l, err := h.collectionLayer(r)
	if err != nil {
		return err
	}
	if err := checkParams(r.URL.Query(), "f"); err != nil {
		return err
	}
	q := layerQueryables(h.index.Snapshot(), l.ID)
	names := make([]string, 0, len(q))
	for k := range q {
		names = append(names, k)
	}
	slices.Sort(names)
	type draft struct {
		ID   string `json:"id"`
		Type string `json:"type,omitempty"`
	}
	legacy := make([]draft, len(names))
	for i, n := range names {
		legacy[i] = draft{ID: n, Type: q[n].Type}
	}
	self := wire.BaseURL(r) + "/collections/" + url.PathEscape(l.ID) + "/queryables"
	// JSON Schema's own type when asked for; GDAL 3.6 accepts only JSON.
	ct := jsonType
	if strings.Contains(r.Header.Get("Accept"), "application/schema+json") {
		ct = "application/schema+json"
	}
	w.Header().Set("Content-Type", ct)
	w.WriteHeader(http.StatusOK)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(map[string]any{
		"$schema":              "https://json-schema.org/draft/2020-12/schema",
		"$id":                  self,
		"type":                 "object",
		"title":                l.Title,
		"properties":           q,
		"additionalProperties": false,
		"queryables":           legacy,
	})
	return nil
}

// filterLangs are the accepted filter-lang values: CQL2 text, and the
// draft name GDAL 3.6 sends for the same text.
var filterLangs = []string{"cql2-text", "cql-text"}

// parseFilter parses filter (with filter-lang and filter-crs) and checks
// the properties it names against the layer's queryables. Absent: nil.
func parseFilter(q url.Values, snap *index.Snapshot, layer string) (cql2.Expr, error) {
	if lang := q.Get("filter-lang"); lang != "" && !slices.Contains(filterLangs, lang) {
		return nil, wire.BadRequest("invalid_filter_lang", "filter-lang", "filter-lang %q is not supported; use cql2-text", lang)
	}
	if c := q.Get("filter-crs"); c != "" && c != crs84 {
		return nil, wire.BadRequest("invalid_crs", "filter-crs", "filter-crs must be %s (geometries in filters are longitude/latitude)", crs84)
	}
	v, ok := q["filter"]
	if !ok {
		return nil, nil
	}
	e, err := cql2.Parse(v[0])
	if err != nil {
		var se *cql2.SyntaxError
		if errors.As(err, &se) {
			return nil, wire.BadRequest("invalid_filter", "filter", "filter: CQL2 syntax error at position %d (%s): %s",
				se.Pos, excerpt(v[0], se.Pos), se.Msg)
		}
		return nil, wire.BadRequest("invalid_filter", "filter", "filter: %v", err)
	}
	qs := layerQueryables(snap, layer)
	for _, p := range cql2.Properties(e) {
		if _, ok := qs[p.Name]; !ok {
			names := make([]string, 0, len(qs))
			for k := range qs {
				names = append(names, k)
			}
			slices.Sort(names)
			return nil, wire.BadRequest("invalid_filter", "filter", "filter: position %d: %q is not a queryable of %s; queryables: %s",
				p.Pos, p.Name, layer, strings.Join(names, ", "))
		}
	}
	return e, nil
}

// excerpt shows the filter around pos, marking pos with ⟨here⟩.
func excerpt(s string, pos int) string {
	lo, hi := max(0, pos-20), min(len(s), pos+20)
	for lo > 0 && !isRuneStart(s[lo]) {
		lo--
	}
	for hi < len(s) && !isRuneStart(s[hi]) {
		hi++
	}
	p := min(max(pos, lo), hi)
	for p > lo && p < len(s) && !isRuneStart(s[p]) {
		p--
	}
	return fmt.Sprintf("%q", s[lo:p]+"⟨here⟩"+s[p:hi])
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// zoneRecord is a zone version as a cql2.Record.
type zoneRecord struct {
	z     *geo.Zone
	props map[string]any
}

func newZoneRecord(z *geo.Zone) zoneRecord { return zoneRecord{z, featureProperties(z)} }

func (r zoneRecord) Value(name string) (any, bool) {
	if name == "id" {
		return r.z.ID, true
	}
	v, ok := r.props[name]
	switch n := v.(type) {
	case int64:
		return float64(n), ok
	case int:
		return float64(n), ok
	case float32:
		return float64(n), ok
	case json.Number:
		f, err := n.Float64()
		if err != nil {
			return n.String(), ok
		}
		return f, ok
	case string, float64, bool, nil:
		return v, ok
	}
	return fmt.Sprint(v), ok
}

func (r zoneRecord) Geometry(name string) (orb.Geometry, bool) {
	return r.z.Geometry, name == geometryQueryable && r.z.Geometry != nil
}

func (r zoneRecord) Time(name string) (time.Time, time.Time, bool) {
	v := r.z.Validity
	switch name {
	case validityQueryable:
		to := v.To
		if !to.IsZero() {
			to = to.Add(-time.Nanosecond) // valid_to is exclusive
		}
		return v.From, to, true
	case "valid_from":
		return v.From, v.From, !v.From.IsZero()
	case "valid_to":
		return v.To, v.To, !v.To.IsZero()
	}
	return time.Time{}, time.Time{}, false
}

// filterZones keeps the zones passing e.
func filterZones(zones []*geo.Zone, e cql2.Expr) []*geo.Zone {
	if e == nil {
		return zones
	}
	out := zones[:0:0]
	for _, z := range zones {
		if cql2.Match(e, newZoneRecord(z)) {
			out = append(out, z)
		}
	}
	return out
}
