package ogc

import (
	"cmp"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/crs"
)

// Paging limits of /collections/{layer}/items. A larger limit is capped
// to MaxItemsLimit (OGC API – Features /req/core/limit-response), and the
// next link leads on.
const (
	defaultItemsLimit = 100
	// MaxItemsLimit is the largest page served; the API document states it.
	MaxItemsLimit = 10_000
)

// ItemsParameters are the query parameters /collections/{layer}/items
// accepts; the API document lists them (api/openapi.go).
var ItemsParameters = []string{"bbox", "bbox-crs", "crs", "datetime", "limit", "offset", "after",
	"filter", "filter-lang", "filter-crs", "f"}

// ItemsParameterDocs describe, for the API document, the query parameters of the items endpoint.
var ItemsParameterDocs = map[string]map[string]any{
	"bbox":        {"description": "minLon,minLat,maxLon,maxLat (CRS84), or in bbox-crs axis order", "schema": map[string]any{"type": "string"}},
	"bbox-crs":    {"description": "CRS of bbox (a URI from the collection's crs)", "schema": map[string]any{"type": "string", "format": "uri"}},
	"crs":         {"description": "CRS of the answer (EPSG:4326/4490 latitude first, Gauss–Krüger northing first)", "schema": map[string]any{"type": "string", "format": "uri"}},
	"datetime":    {"description": "instant or interval a/b, ../b, a/..; default now", "schema": map[string]any{"type": "string"}},
	"limit":       {"description": "page size; larger values are served as the maximum", "schema": map[string]any{"type": "integer", "minimum": 1, "maximum": MaxItemsLimit, "default": 100}},
	"offset":      {"description": "start index (compatibility; next links page by key)", "schema": map[string]any{"type": "integer", "minimum": 0}},
	"after":       {"description": "key id,version to continue after (from a next link)", "schema": map[string]any{"type": "string"}},
	"filter":      {"description": "CQL2 text filter over the queryables", "schema": map[string]any{"type": "string"}},
	"filter-lang": {"description": "cql2-text (cql-text accepted as a synonym)", "schema": map[string]any{"type": "string", "enum": []string{"cql2-text", "cql-text"}, "default": "cql2-text"}},
	"filter-crs":  {"description": "CRS of geometries in filter: CRS84 only", "schema": map[string]any{"type": "string", "format": "uri"}},
	"f":           {"description": "encoding", "schema": map[string]any{"type": "string"}},
}

// itemsQuery is the parsed query of /collections/{layer}/items.
type itemsQuery struct {
	bounds []orb.Bound // nil: no spatial filter
	time   timeFilter
	limit  int
	offset int
	after  *geo.Key // keyset paging: start after this id/version
	crs    outputCRS
}

// parseItemsQuery validates bbox, bbox-crs, crs, datetime, limit, offset,
// after and f (filter is parsed by parseFilter); anything else is a 400
// naming the parameter.
func (h *Handler) parseItemsQuery(q url.Values) (itemsQuery, error) {
	if err := checkParams(q, ItemsParameters...); err != nil {
		return itemsQuery{}, err
	}
	for k, v := range q {
		if len(v) > 1 && k != "" {
			return itemsQuery{}, wire.BadRequest("repeated_parameter", k, "query parameter %q is given %d times", k, len(v))
		}
	}
	iq := itemsQuery{limit: defaultItemsLimit}
	var err error
	if iq.crs, err = parseCRS(q.Get("crs"), "crs"); err != nil {
		return itemsQuery{}, err
	}
	bboxCRS, err := parseCRS(q.Get("bbox-crs"), "bbox-crs")
	if err != nil {
		return itemsQuery{}, err
	}
	if v, ok := q["bbox"]; ok {
		if iq.bounds, err = parseBBox(v[0], bboxCRS); err != nil {
			return itemsQuery{}, err
		}
	} else if q.Has("bbox-crs") {
		return itemsQuery{}, wire.BadRequest("invalid_bbox", "bbox-crs", "bbox-crs without bbox")
	}
	dt, ok := q["datetime"]
	if iq.time, err = h.parseDatetime(q.Get("datetime"), ok && len(dt) > 0); err != nil {
		return itemsQuery{}, err
	}
	if v, ok := q["limit"]; ok {
		n, err := wire.ParseInt(v[0])
		if err != nil || n < 1 {
			return itemsQuery{}, wire.BadRequest("invalid_limit", "limit", "limit %q must be a positive integer (larger than %d is served as %d)", v[0], MaxItemsLimit, MaxItemsLimit)
		}
		iq.limit = int(min(n, MaxItemsLimit))
	}
	if v, ok := q["offset"]; ok {
		n, err := wire.ParseInt(v[0])
		if err != nil || n < 0 || n > math.MaxInt32 {
			return itemsQuery{}, wire.BadRequest("invalid_offset", "offset", "offset %q must be a non-negative integer", v[0])
		}
		iq.offset = int(n)
	}
	if v, ok := q["after"]; ok {
		if q.Has("offset") {
			return itemsQuery{}, wire.BadRequest("invalid_after", "after", "after and offset exclude each other")
		}
		id, ver, found := strings.Cut(v[0], ",")
		n, err := wire.ParseInt(ver)
		if !found || id == "" || err != nil {
			return itemsQuery{}, wire.BadRequest("invalid_after", "after", "after %q must be id,version as the next link gives it", v[0])
		}
		iq.after = &geo.Key{ID: id, Version: n}
	}
	return iq, nil
}

// itemsResponse is a page of features: a GeoJSON FeatureCollection with the
// OGC API members.
type itemsResponse struct {
	Type           string        `json:"type"` // always "FeatureCollection"
	Features       []featureJSON `json:"features"`
	NumberMatched  int           `json:"numberMatched"`
	NumberReturned int           `json:"numberReturned"`
	TimeStamp      string        `json:"timeStamp"`
	Links          []linkJSON    `json:"links"`
}

// Items answers GET /collections/{layer}/items: the layer's published
// versions passing bbox (exact geometry intersection), datetime (default
// now) and filter, ordered by id then version, one page of limit with
// next and prev links. Pages follow by key (after=id,version, found by
// binary search); offset= is still honoured. With f=gpkg|shp|kml|csv (or
// an Accept type naming one) the same page is answered as that file
// (items_export.go).
func (h *Handler) Items(w http.ResponseWriter, r *http.Request) error {
	format, isFile, err := itemsFormat(r)
	switch {
	case err != nil:
		return err
	case isFile:
		return h.itemsExport(w, r, format)
	}
	l, err := h.collectionLayer(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	iq, err := h.parseItemsQuery(q)
	if err != nil {
		return err
	}
	snap := h.index.Snapshot()
	filter, err := parseFilter(q, snap, l.ID)
	if err != nil {
		return err
	}
	zones := filterZones(selectZones(snap, l.ID, iq.bounds, iq.time), filter)
	start := min(iq.offset, len(zones))
	if iq.after != nil {
		start, _ = slices.BinarySearchFunc(zones, *iq.after, func(z *geo.Zone, k geo.Key) int {
			return cmp.Or(strings.Compare(z.ID, k.ID), cmp.Compare(z.Version, k.Version+1))
		})
	}
	end := start + min(iq.limit, len(zones)-start) // no overflow for huge offsets
	page := zones[start:end]
	feats := make([]featureJSON, len(page))
	for i, z := range page {
		feats[i] = encodeFeature(z)
		if !iq.crs.isCRS84() && z.Geometry != nil {
			feats[i].Geometry = geojson.NewGeometry(crs.TransformGeometry(z.Geometry, iq.crs.fromCRS84))
		}
	}
	base := wire.BaseURL(r)
	coll := base + "/collections/" + url.PathEscape(l.ID)
	pageURL := func(set func(url.Values)) string {
		p := url.Values{}
		for k, v := range q {
			p[k] = v
		}
		p.Del("offset")
		p.Del("after")
		p.Set("limit", strconv.Itoa(iq.limit))
		set(p)
		return coll + "/items?" + p.Encode()
	}
	links := []linkJSON{
		{Href: pageURL(func(p url.Values) {
			for _, k := range []string{"offset", "after"} {
				if v, ok := q[k]; ok {
					p[k] = v
				}
			}
		}), Rel: "self", Type: geoJSONType, Title: "this page"},
		{Href: coll, Rel: "collection", Type: jsonType, Title: "the collection"},
	}
	if end < len(zones) {
		last := zones[end-1]
		next := func(p url.Values) { p.Set("after", last.ID+","+strconv.FormatInt(last.Version, 10)) }
		if q.Has("offset") {
			next = func(p url.Values) { p.Set("offset", strconv.Itoa(end)) }
		}
		links = append(links, linkJSON{Href: pageURL(next), Rel: "next", Type: geoJSONType, Title: "next page"})
	}
	if start > 0 {
		prev := max(0, start-iq.limit)
		links = append(links, linkJSON{Href: pageURL(func(p url.Values) { p.Set("offset", strconv.Itoa(prev)) }),
			Rel: "prev", Type: geoJSONType, Title: "previous page"})
	}
	w.Header().Set("Content-Crs", "<"+iq.crs.uri+">")
	writeGeoJSON(w, http.StatusOK, itemsResponse{
		Type: "FeatureCollection", Features: feats,
		NumberMatched: len(zones), NumberReturned: len(feats),
		TimeStamp: h.now().UTC().Format(time.RFC3339), Links: links,
	})
	return nil
}

// Item answers GET /collections/{layer}/items/{id}: the version valid
// now, or at the instant datetime, with an ETag of layer/id/version. No
// such version is a 404; an interval datetime is a 400 (one feature, one
// version).
func (h *Handler) Item(w http.ResponseWriter, r *http.Request) error {
	l, err := h.collectionLayer(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	if err := checkParams(q, "datetime", "crs", "f"); err != nil {
		return err
	}
	oc, err := parseCRS(q.Get("crs"), "crs")
	if err != nil {
		return err
	}
	dt, ok := q["datetime"]
	tf, err := h.parseDatetime(q.Get("datetime"), ok && len(dt) > 0)
	if err != nil {
		return err
	}
	if !tf.instant {
		return wire.BadRequest("invalid_datetime", "datetime", "one feature takes an instant datetime, not an interval")
	}
	id := chi.URLParam(r, "id")
	var found *featureJSON
	for _, z := range selectZones(h.index.Snapshot(), l.ID, nil, tf) {
		if z.ID == id {
			f := encodeFeature(z)
			if !oc.isCRS84() && z.Geometry != nil {
				f.Geometry = geojson.NewGeometry(crs.TransformGeometry(z.Geometry, oc.fromCRS84))
			}
			base := wire.BaseURL(r)
			f.Links = []linkJSON{
				{Href: itemURL(base, l.ID, id), Rel: "self", Type: geoJSONType, Title: "this feature"},
				{Href: base + "/collections/" + url.PathEscape(l.ID), Rel: "collection", Type: jsonType, Title: "the collection"},
			}
			w.Header().Set("ETag", itemETag(z))
			found = &f
			break
		}
	}
	if found == nil {
		return &wire.Error{Status: http.StatusNotFound, Code: "unknown_feature", Field: "featureId",
			Message: fmt.Sprintf("collection %q has no published feature %q valid at %s", l.ID, id, tf.at.Format(time.RFC3339))}
	}
	w.Header().Set("Content-Crs", "<"+oc.uri+">")
	writeGeoJSON(w, http.StatusOK, found)
	return nil
}
