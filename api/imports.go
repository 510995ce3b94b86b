package api

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/data/sourcefile"
	"github.com/zonegate/zonegate/data/zoneimport"
)

// importParams are the parameters of POST /v1/imports, from the query
// string or multipart form fields (a form field wins).
var importParams = []string{"layer", "kind", "title", "description", "id_property", "crs", "encoding", "table",
	"format", "wkt_column", "lon_column", "lat_column", "publish", "make_valid"}

// contentTypeFormats maps a raw body's Content-Type to a sourcefile format.
var contentTypeFormats = map[string]string{
	"application/geo+json": sourcefile.FormatGeoJSON, "application/json": sourcefile.FormatGeoJSON,
	"application/zip": sourcefile.FormatZip, "application/x-zip-compressed": sourcefile.FormatZip,
	"application/geopackage+sqlite3":       sourcefile.FormatGeoPackage,
	"application/vnd.google-earth.kml+xml": sourcefile.FormatKML,
	"application/vnd.google-earth.kmz":     sourcefile.FormatKMZ,
	"text/csv":                             sourcefile.FormatCSV,
}

// postImport imports a file into a layer, as `zonegate import` does: a
// multipart form whose file parts are the input (a Shapefile's siblings,
// or one zip, GeoPackage, KML/KMZ, CSV or GeoJSON file), or a raw body
// whose format is ?format= or its Content-Type. All or nothing: 201 with
// the report, or 422 listing every invalid feature with nothing stored.
func (s *Server) postImport(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, s.limits.importBody)
	params := map[string]string{}
	q := r.URL.Query()
	for _, k := range importParams {
		params[k] = q.Get(k)
	}
	files, err := importFiles(r, params)
	if err != nil {
		return err
	}
	publish, err := boolParam(params, "publish")
	if err != nil {
		return err
	}
	makeValid, err := boolParam(params, "make_valid")
	if err != nil {
		return err
	}
	if params["layer"] == "" {
		return badRequest("missing_parameter", "layer", "layer is required: the id of the layer to import into")
	}
	ds, err := sourcefile.Read(files, sourcefile.Options{Format: params["format"], Encoding: params["encoding"], Table: params["table"],
		WKTColumn: params["wkt_column"], LonColumn: params["lon_column"], LatColumn: params["lat_column"]})
	if err != nil {
		if errors.Is(err, sourcefile.ErrFormat) {
			return &Error{Status: http.StatusBadRequest, Code: "unreadable_file", Field: "file", Message: err.Error()}
		}
		return err
	}
	ctx := r.Context()
	layer, err := zoneimport.ResolveLayer(ctx, s.store, params["layer"], params["kind"], params["title"], params["description"])
	if err != nil {
		return &Error{Status: http.StatusBadRequest, Code: "invalid_layer", Field: "layer", Message: err.Error()}
	}
	rep, err := zoneimport.Run(ctx, s.store, ds, zoneimport.Request{Layer: layer, CRS: params["crs"], IDProperty: params["id_property"],
		MaxVertices: s.limits.maxVertices, MaxParts: s.limits.maxParts, MakeValid: makeValid, Publish: publish, Actor: wire.Actor(ctx), Location: s.loc})
	switch {
	case errors.Is(err, zoneimport.ErrRefused):
		msg := fmt.Sprintf("%d of %d features are invalid; nothing was imported", len(rep.Invalid), rep.Features)
		if n := rep.Repairable(); n > 0 && !makeValid {
			msg += fmt.Sprintf(" (%d of them have a shape make_valid=true may repair; the report lists each repair)", n)
		}
		if n := rep.OverLimit(); n > 0 {
			msg += fmt.Sprintf(" (%d of them over the server's size limits: zonegate serve --max-vertices, --max-parts)", n)
		}
		return &Error{Status: http.StatusUnprocessableEntity, Code: "invalid_features", Message: msg,
			Details: map[string]any{"report": rep}}
	case err != nil:
		return err
	}
	writeJSON(w, http.StatusCreated, rep)
	return nil
}

// importFiles reads the uploaded files: the file parts of a multipart
// form (its other fields go into params), else the raw body.
func importFiles(r *http.Request, params map[string]string) ([]sourcefile.File, error) {
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType != "multipart/form-data" {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, err
		}
		if len(b) == 0 {
			return nil, badRequest("missing_file", "file", "the request has no file: send it as the body or as a multipart form file")
		}
		if params["format"] == "" {
			params["format"] = contentTypeFormats[mediaType]
		}
		return []sourcefile.File{{Name: "upload", Data: b}}, nil
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, badRequest("bad_multipart", "file", "malformed multipart form: %v", err)
	}
	var files []sourcefile.File
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var maxErr *http.MaxBytesError
			if errors.As(err, &maxErr) {
				return nil, err
			}
			return nil, badRequest("bad_multipart", "file", "malformed multipart form: %v", err)
		}
		b, err := io.ReadAll(part)
		if err != nil {
			var maxErr *http.MaxBytesError
			if errors.As(err, &maxErr) {
				return nil, err
			}
			return nil, badRequest("bad_multipart", "file", "malformed multipart form: %v", err)
		}
		if part.FileName() != "" {
			files = append(files, sourcefile.File{Name: part.FileName(), Data: b})
			continue
		}
		if name := part.FormName(); name != "" {
			if _, ok := params[name]; ok {
				params[name] = strings.TrimSpace(string(b))
			}
		}
	}
	if len(files) == 0 {
		return nil, badRequest("missing_file", "file", "the form has no file part")
	}
	return files, nil
}

// boolParam reads "true"/"false" (also 1/0, on); empty is false.
func boolParam(params map[string]string, name string) (bool, error) {
	v := params[name]
	if v == "" {
		return false, nil
	}
	if v == "on" {
		return true, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, badRequest("invalid_parameter", name, "%s must be true or false, not %q", name, v)
	}
	return b, nil
}
