package ogc

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/api/wire"
)

// Paging limits of /collections/{layer}/items.
const (
	defaultItemsLimit = 100
	maxItemsLimit     = 10_000
)

// itemsQuery is the parsed query of /collections/{layer}/items.
type itemsQuery struct {
	bounds []orb.Bound // nil: no spatial filter
	time   timeFilter
	limit  int
	offset int
}

// parseItemsQuery validates bbox, datetime, limit, offset and f; anything
// else is a 400 naming the parameter.
func (h *Handler) parseItemsQuery(q url.Values) (itemsQuery, error) {
	if err := checkParams(q, "bbox", "datetime", "limit", "offset", "f"); err != nil {
		return itemsQuery{}, err
	}
	for k, v := range q {
		if len(v) > 1 && k != "" {
			return itemsQuery{}, wire.BadRequest("repeated_parameter", k, "query parameter %q is given %d times", k, len(v))
		}
	}
	iq := itemsQuery{limit: defaultItemsLimit}
	var err error
	if v, ok := q["bbox"]; ok {
		if iq.bounds, err = parseBBox(v[0]); err != nil {
			return itemsQuery{}, err
		}
	}
	dt, ok := q["datetime"]
	if iq.time, err = h.parseDatetime(q.Get("datetime"), ok && len(dt) > 0); err != nil {
		return itemsQuery{}, err
	}
	if v, ok := q["limit"]; ok {
		n, err := wire.ParseInt(v[0])
		if err != nil || n < 1 || n > maxItemsLimit {
			return itemsQuery{}, wire.BadRequest("invalid_limit", "limit", "limit %q must be an integer from 1 to %d", v[0], maxItemsLimit)
		}
		iq.limit = int(n)
	}
	if v, ok := q["offset"]; ok {
		n, err := wire.ParseInt(v[0])
		if err != nil || n < 0 || n > math.MaxInt32 {
			return itemsQuery{}, wire.BadRequest("invalid_offset", "offset", "offset %q must be a non-negative integer", v[0])
		}
		iq.offset = int(n)
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
// versions passing bbox (exact geometry intersection) and datetime (default
// now), ordered by id then version, one page of limit from offset with next
// and prev links. With f=gpkg|shp|kml|csv (or an Accept type naming one)
// the same page is answered as that file (items_export.go).
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
	zones := selectZones(h.index.Snapshot(), l.ID, iq.bounds, iq.time)
	start := min(iq.offset, len(zones))
	end := start + min(iq.limit, len(zones)-start) // no overflow for huge offsets
	page := zones[start:end]
	feats := make([]featureJSON, len(page))
	for i, z := range page {
		feats[i] = encodeFeature(z)
	}
	base := wire.BaseURL(r)
	coll := base + "/collections/" + url.PathEscape(l.ID)
	pageURL := func(offset int) string {
		p := url.Values{}
		for k, v := range q {
			p[k] = v
		}
		p.Set("limit", strconv.Itoa(iq.limit))
		p.Set("offset", strconv.Itoa(offset))
		return coll + "/items?" + p.Encode()
	}
	links := []linkJSON{
		{Href: pageURL(iq.offset), Rel: "self", Type: geoJSONType, Title: "this page"},
		{Href: coll, Rel: "collection", Type: jsonType, Title: "the collection"},
	}
	if end < len(zones) {
		links = append(links, linkJSON{Href: pageURL(end), Rel: "next", Type: geoJSONType, Title: "next page"})
	}
	if iq.offset > 0 {
		links = append(links, linkJSON{Href: pageURL(max(0, start-iq.limit)), Rel: "prev", Type: geoJSONType, Title: "previous page"})
	}
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
	if err := checkParams(q, "datetime", "f"); err != nil {
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
	writeGeoJSON(w, http.StatusOK, found)
	return nil
}
