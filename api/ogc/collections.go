package ogc

import (
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/index"
)

// gregorian is the temporal reference system of temporal extents.
const gregorian = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"

// collectionJSON describes one layer as an OGC API collection.
type collectionJSON struct {
	ID          string      `json:"id"`
	Title       string      `json:"title"`
	Description string      `json:"description,omitempty"`
	Extent      *extentJSON `json:"extent,omitempty"` // absent while the layer has no published zones
	ItemType    string      `json:"itemType"`
	CRS         []string    `json:"crs"`
	StorageCRS  string      `json:"storageCrs"`
	Links       []linkJSON  `json:"links"`
}

// extentJSON covers every published version of a layer, past, current and
// future: the union of their bounding boxes and of their validity.
type extentJSON struct {
	Spatial  spatialExtent  `json:"spatial"`
	Temporal temporalExtent `json:"temporal"`
}

type spatialExtent struct {
	BBox [][4]float64 `json:"bbox"`
	CRS  string       `json:"crs"`
}

type temporalExtent struct {
	Interval [][2]any `json:"interval"` // RFC 3339 strings; null for an open end
	TRS      string   `json:"trs"`
}

// extentAcc accumulates a layer's extent.
type extentAcc struct {
	bound            orb.Bound
	from, to         time.Time
	openFrom, openTo bool
	n                int
}

func (a *extentAcc) add(z *geo.Zone) {
	b := z.Geometry.Bound()
	if a.n == 0 {
		a.bound, a.from, a.to = b, z.Validity.From, z.Validity.To
	} else {
		a.bound = a.bound.Union(b)
		if z.Validity.From.Before(a.from) {
			a.from = z.Validity.From
		}
		if z.Validity.To.After(a.to) {
			a.to = z.Validity.To
		}
	}
	a.openFrom = a.openFrom || z.Validity.From.IsZero()
	a.openTo = a.openTo || z.Validity.To.IsZero()
	a.n++
}

func (a *extentAcc) json() *extentJSON {
	if a == nil || a.n == 0 {
		return nil
	}
	iv := [2]any{rfc3339OrNil(a.from), rfc3339OrNil(a.to)}
	if a.openFrom {
		iv[0] = nil
	}
	if a.openTo {
		iv[1] = nil
	}
	return &extentJSON{
		Spatial:  spatialExtent{BBox: [][4]float64{{a.bound.Min[0], a.bound.Min[1], a.bound.Max[0], a.bound.Max[1]}}, CRS: crs84},
		Temporal: temporalExtent{Interval: [][2]any{iv}, TRS: gregorian},
	}
}

// layerExtents returns the extent of every layer with published zones, in
// one pass over every version the index holds.
func layerExtents(snap *index.Snapshot) map[string]*extentAcc {
	out := map[string]*extentAcc{}
	seen := map[geo.Key]bool{}
	world := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	for _, at := range (timeFilter{}).instants(snap) {
		snap.Search(world, index.Query{At: at}, func(z *geo.Zone) bool {
			if k := z.Key(); !seen[k] && z.Geometry != nil {
				seen[k] = true
				a := out[z.Layer]
				if a == nil {
					a = &extentAcc{}
					out[z.Layer] = a
				}
				a.add(z)
			}
			return true
		})
	}
	return out
}

func newCollection(base string, l geo.Layer, ext *extentAcc) collectionJSON {
	self := base + "/collections/" + url.PathEscape(l.ID)
	return collectionJSON{
		ID: l.ID, Title: l.Title, Description: l.Description, Extent: ext.json(),
		ItemType: "feature", CRS: supportedCRS(), StorageCRS: crs84,
		Links: []linkJSON{
			{Href: self, Rel: "self", Type: jsonType, Title: "this collection"},
			{Href: self + "/items", Rel: "items", Type: geoJSONType, Title: "the published zones of " + l.ID},
			{Href: self + "/queryables", Rel: "http://www.opengis.net/def/rel/ogc/1.0/queryables", Type: "application/schema+json", Title: "what filter may name"},
			// The draft relation GDAL 3.6 looks for.
			{Href: self + "/queryables", Rel: "queryables", Type: jsonType, Title: "what filter may name"},
		},
	}
}

// Collections answers GET /collections: one collection per layer, in
// the order of GET /v1/layers.
func (h *Handler) Collections(w http.ResponseWriter, r *http.Request) error {
	if err := checkParams(r.URL.Query(), "f"); err != nil {
		return err
	}
	base := wire.BaseURL(r)
	ext := layerExtents(h.index.Snapshot())
	layers := h.follower.Layers()
	cs := make([]collectionJSON, 0, len(layers))
	for _, l := range layers {
		cs = append(cs, newCollection(base, l, ext[l.ID]))
	}
	wire.WriteJSON(w, http.StatusOK, struct {
		Links       []linkJSON       `json:"links"`
		Collections []collectionJSON `json:"collections"`
	}{
		Links:       []linkJSON{{Href: base + "/collections", Rel: "self", Type: jsonType, Title: "the collections"}},
		Collections: cs,
	})
	return nil
}

// Collection answers GET /collections/{layer}.
func (h *Handler) Collection(w http.ResponseWriter, r *http.Request) error {
	l, err := h.collectionLayer(r)
	if err != nil {
		return err
	}
	if err := checkParams(r.URL.Query(), "f"); err != nil {
		return err
	}
	wire.WriteJSON(w, http.StatusOK, newCollection(wire.BaseURL(r), l, layerExtents(h.index.Snapshot())[l.ID]))
	return nil
}

// collectionLayer resolves the {layer} path parameter; an unknown layer is
// a 404 in the error shape.
func (h *Handler) collectionLayer(r *http.Request) (geo.Layer, error) {
	id := chi.URLParam(r, "layer")
	for _, l := range h.follower.Layers() {
		if l.ID == id {
			return l, nil
		}
	}
	return geo.Layer{}, &wire.Error{Status: http.StatusNotFound, Code: "unknown_collection", Field: "collectionId",
		Message: fmt.Sprintf("collection %q does not exist; GET /collections lists them", id)}
}
