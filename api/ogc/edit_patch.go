package ogc

// PATCH of a feature: an RFC 7396 JSON merge patch applied to its latest
// version.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"

	"github.com/paulmach/orb/geojson"

	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/geo"
)

// PatchItem answers PATCH /collections/{layer}/items/{id}: an RFC 7396
// merge patch with members "properties" and/or "geometry" applied to the
// latest version, stored as a new draft.
func (h *Handler) PatchItem(w http.ResponseWriter, r *http.Request) error {
	l, latest, err := h.editTarget(r)
	if err != nil {
		return err
	}
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || (mt != mergePatchType && mt != jsonType) {
			return &wire.Error{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type",
				Message: fmt.Sprintf("content type %q: send %s", ct, mergePatchType)}
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBody))
	if err != nil {
		return fmt.Errorf("read patch: %w", err)
	}
	var patch map[string]any
	if err := json.Unmarshal(body, &patch); err != nil || patch == nil {
		return wire.BadRequest("invalid_json", "", "the body must be a JSON merge patch object")
	}
	for k := range patch {
		if k != "properties" && k != "geometry" {
			return wire.BadRequest("invalid_patch", k, "a patch may change only properties and geometry, not %q", k)
		}
	}
	doc, err := currentDocument(latest)
	if err != nil {
		return err
	}
	merged, err := json.Marshal(mergePatch(doc, patch))
	if err != nil {
		return fmt.Errorf("encode patched feature: %w", err)
	}
	f, err := geojson.UnmarshalFeature(merged)
	if err != nil {
		return &wire.Error{Status: http.StatusUnprocessableEntity, Code: "invalid_feature",
			Message: fmt.Sprintf("the patched feature is not valid GeoJSON: %v", err)}
	}
	f.ID = latest.ID
	z, err := h.toZone(f, l)
	if err != nil {
		return err
	}
	return h.storeEdit(w, r, latest, z)
}

// currentDocument is z as the generic JSON a merge patch applies to: its
// geometry and its properties with name and validity (not the
// server-managed members).
func currentDocument(z *geo.Zone) (map[string]any, error) {
	props := make(map[string]any, len(z.Properties)+3)
	for k, v := range z.Properties {
		props[k] = v
	}
	if z.Name != "" {
		props["name"] = z.Name
	}
	props["valid_from"] = rfc3339OrNil(z.Validity.From)
	props["valid_to"] = rfc3339OrNil(z.Validity.To)
	f := geojson.NewFeature(z.Geometry)
	f.ID = z.ID
	f.Properties = props
	raw, err := json.Marshal(f)
	if err != nil {
		return nil, fmt.Errorf("encode %s/%s: %w", z.Layer, z.ID, err)
	}
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("decode %s/%s: %w", z.Layer, z.ID, err)
	}
	return doc, nil
}

// mergePatch applies an RFC 7396 merge patch to target and returns the
// result: objects merge member by member, null removes a member, anything
// else replaces.
func mergePatch(target any, patch any) any {
	p, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	t, ok := target.(map[string]any)
	if !ok {
		t = map[string]any{}
	}
	for k, v := range p {
		if v == nil {
			delete(t, k)
			continue
		}
		t[k] = mergePatch(t[k], v)
	}
	return t
}
