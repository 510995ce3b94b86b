package ogc

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/data/export"
)

// exportFormats are the file formats /collections/{layer}/items serves
// besides GeoJSON, by their f value.
var exportFormats = map[string]export.Format{
	"gpkg": export.GeoPackage,
	"shp":  export.Shapefile,
	"kml":  export.KML,
	"csv":  export.CSV,
}

// exportAccept maps Accept media types to export formats.
var exportAccept = map[string]export.Format{
	"application/geopackage+sqlite3":       export.GeoPackage,
	"application/x-shapefile":              export.Shapefile,
	"application/zip":                      export.Shapefile,
	"application/vnd.google-earth.kml+xml": export.KML,
	"text/csv":                             export.CSV,
}

// itemsFormat picks the answer's file format: f (gpkg, shp, kml, csv;
// json and geojson are the GeoJSON page; anything else is a 400), else
// the first Accept media type naming one. ok is false for GeoJSON.
func itemsFormat(r *http.Request) (format export.Format, ok bool, err error) {
	if f, present := r.URL.Query()["f"]; present {
		if len(f) == 1 && (f[0] == "json" || f[0] == "geojson") {
			return "", false, nil
		}
		if len(f) == 1 {
			if format, ok := exportFormats[f[0]]; ok {
				return format, true, nil
			}
		}
		return "", false, wire.BadRequest("invalid_format", "f", "f must be json, gpkg, shp, kml or csv")
	}
	for part := range strings.SplitSeq(r.Header.Get("Accept"), ",") {
		media, _, _ := strings.Cut(part, ";")
		if format, ok := exportAccept[strings.ToLower(strings.TrimSpace(media))]; ok {
			return format, true, nil
		}
	}
	return "", false, nil
}

// itemsExport answers the items page as a file (export.Write) with a
// Content-Disposition naming it after the layer. bbox, datetime, limit and
// offset select the zones as for GeoJSON.
func (h *Handler) itemsExport(w http.ResponseWriter, r *http.Request, format export.Format) error {
	l, err := h.collectionLayer(r)
	if err != nil {
		return err
	}
	q := url.Values{}
	for k, v := range r.URL.Query() {
		if k != "f" {
			q[k] = v
		}
	}
	iq, err := h.parseItemsQuery(q)
	if err != nil {
		return err
	}
	zones := selectZones(h.index.Snapshot(), l.ID, iq.bounds, iq.time)
	start := min(iq.offset, len(zones))
	end := start + min(iq.limit, len(zones)-start)
	// Encode first, so a layer the format cannot hold is a clean 422
	// rather than half a file. A page is at most maxItemsLimit zones.
	var buf bytes.Buffer
	err = export.Write(&buf, format, export.Layer{Layer: l, Zones: zones[start:end]}, export.Options{Location: h.loc})
	switch {
	case errors.Is(err, export.ErrUnsupported):
		return &wire.Error{Status: http.StatusUnprocessableEntity, Code: "unsupported_format", Field: "f", Message: err.Error()}
	case err != nil:
		return fmt.Errorf("export %s as %s: %w", l.ID, format, err)
	}
	w.Header().Set("Content-Type", format.MediaType())
	w.Header().Set("Content-Disposition", `attachment; filename="`+l.ID+format.Extension()+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	_, _ = buf.WriteTo(w) // an error means the client went away
	return nil
}
