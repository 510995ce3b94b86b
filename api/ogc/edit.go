package ogc

// OGC API – Features, Part 4 (create, replace, update, delete) over the
// store. Every change is a new draft version (or, for DELETE, a status
// change of existing rows) committed together with its audit entries;
// drafts never reach the in-memory index, so checks, tiles and the read
// endpoints keep seeing only published versions until POST
// /v1/zones/{layer}/{id}/publish (edit_publish.go).
//
// Concurrency: PUT, PATCH and DELETE require If-Match with the ETag of the
// feature's latest stored version (any status). The new draft is committed
// with the explicit Version latest+1, so of two editors sending the same
// If-Match one wins and the other gets 412 from the store's conflict check:
// no lost updates. "If-Match: *" (RFC 9110: any current version) is
// accepted and skips the comparison, never the store's check.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/paulmach/orb/geojson"

	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/ingest"
)

// mergePatchType is the media type of RFC 7396 JSON merge patches.
const mergePatchType = "application/merge-patch+json"

// readFeature reads a GeoJSON Feature body (application/geo+json or JSON);
// malformed JSON is a 400.
func (h *Handler) readFeature(w http.ResponseWriter, r *http.Request) (*geojson.Feature, error) {
	if err := wire.CheckJSONContentType(r); err != nil {
		return nil, err
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBody))
	if err != nil {
		return nil, fmt.Errorf("read feature: %w", err)
	}
	f, err := geojson.UnmarshalFeature(body)
	if err != nil {
		return nil, wire.BadRequest("invalid_json", "", "the body is not a GeoJSON Feature: %v", err)
	}
	if f.Type != "Feature" {
		return nil, wire.BadRequest("invalid_json", "type", "the body must be a GeoJSON Feature, not %q", f.Type)
	}
	return f, nil
}

// serverProperties are reserved feature properties the server sets itself
// (see featureProperties); a body that carries them back, as a client
// round-tripping a GET does, has them ignored. name, valid_from and
// valid_to are read by ingest.
var serverProperties = []string{"kind", "layer", "version", "status"}

// toZone validates f as a draft of layer l with ingest's rules; every
// problem is a 422 (invalidFeature).
func (h *Handler) toZone(f *geojson.Feature, l geo.Layer) (*geo.Zone, error) {
	for _, k := range serverProperties {
		delete(f.Properties, k)
	}
	z, err := ingest.Feature(f, l, 0, ingest.Options{Loc: h.loc, MaxVertices: h.maxVertices, MaxParts: h.maxParts})
	if err != nil {
		return nil, invalidFeature(err)
	}
	return z, nil
}

// invalidFeature maps a validation error to 422: invalid_geometry with
// details naming the polygon, ring, vertex and location for geometry
// problems (for a size limit the code is the problem itself, e.g.
// too_many_parts, and the message names the limit), invalid_feature for
// the rest.
func invalidFeature(err error) error {
	var ge *geo.GeometryError
	if errors.As(err, &ge) {
		var loc any
		if ge.Location != nil {
			loc = []float64{ge.Location[0], ge.Location[1]}
		}
		code := "invalid_geometry"
		if geo.IsLimitProblem(ge.Problem) {
			code = ge.Problem
		}
		return &wire.Error{Status: http.StatusUnprocessableEntity, Code: code, Field: "geometry",
			Message: err.Error(), Details: map[string]any{
				"problem": ge.Problem, "polygon": ge.Polygon, "ring": ge.Ring, "vertex": ge.Vertex, "location": loc,
			}}
	}
	if errors.Is(err, geo.ErrInvalid) {
		return &wire.Error{Status: http.StatusUnprocessableEntity, Code: "invalid_feature", Message: err.Error()}
	}
	return err
}

// newFeatureID is a random id for a feature created without one:
// "<layer>-<12 hex digits>".
func newFeatureID(layer string) (string, error) {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("feature id: %w", err)
	}
	return layer + "-" + hex.EncodeToString(b[:]), nil
}

// latestZone returns the latest stored version of {layer}/{id}, any status;
// none is a 404.
func (h *Handler) latestZone(ctx context.Context, layer, id string) (*geo.Zone, error) {
	z, err := h.store.Zone(ctx, layer, id)
	if errors.Is(err, data.ErrNotFound) {
		return nil, &wire.Error{Status: http.StatusNotFound, Code: "unknown_feature", Field: "featureId",
			Message: fmt.Sprintf("collection %q has no feature %q", layer, id)}
	}
	if err != nil {
		return nil, fmt.Errorf("read %s/%s: %w", layer, id, err)
	}
	return z, nil
}

// checkIfMatch enforces the precondition: 428 without If-Match, 412 unless
// one of its entity tags (strong comparison) or "*" matches latest.
func checkIfMatch(r *http.Request, latest *geo.Zone) error {
	h := strings.TrimSpace(r.Header.Get("If-Match"))
	if h == "" {
		return &wire.Error{Status: http.StatusPreconditionRequired, Code: "precondition_required", Field: "If-Match",
			Message: "send If-Match with the feature's ETag (from GET or the last write) to change it"}
	}
	want := itemETag(latest)
	for _, tag := range strings.Split(h, ",") {
		if tag = strings.TrimSpace(tag); tag == "*" || tag == want {
			return nil
		}
	}
	return preconditionFailed(want)
}

func preconditionFailed(current string) *wire.Error {
	return &wire.Error{Status: http.StatusPreconditionFailed, Code: "precondition_failed", Field: "If-Match",
		Message: "the feature has changed since you read it; its latest version is " + current + ": read it again and reapply your change"}
}

// commitDraft stores draft as version latest+1 (1 without latest) with an
// audit entry, mapping a lost race to onConflict.
func (h *Handler) commitDraft(ctx context.Context, action string, latest, draft *geo.Zone, onConflict func() error) error {
	draft.Status = geo.StatusDraft
	draft.Author = wire.Actor(ctx)
	draft.Version = 1
	if latest != nil {
		draft.Version = latest.Version + 1
	}
	e, err := data.ZoneAudit(draft.Author, action, latest, draft)
	if err != nil {
		return fmt.Errorf("audit %s/%s: %w", draft.Layer, draft.ID, err)
	}
	err = h.store.Commit(ctx, data.Batch{Append: []*geo.Zone{draft}, Audit: []*data.AuditEntry{e}})
	if errors.Is(err, data.ErrConflict) {
		return onConflict()
	}
	if err != nil {
		return fmt.Errorf("store draft %s/%s: %w", draft.Layer, draft.ID, err)
	}
	return nil
}

// writeItem answers a stored version as a feature with its ETag.
func writeItem(w http.ResponseWriter, r *http.Request, status int, z *geo.Zone) {
	w.Header().Set("ETag", itemETag(z))
	f := encodeFeature(z)
	f.Links = []linkJSON{{Href: versionURL(wire.BaseURL(r), z), Rel: "self", Type: geoJSONType, Title: "this version"}}
	writeGeoJSON(w, status, f)
}

// CreateItem answers POST /collections/{layer}/items: a new feature's
// first draft (or a new draft of a retired one), 201 with Location and
// ETag. An id whose latest version is not retired is a 409.
func (h *Handler) CreateItem(w http.ResponseWriter, r *http.Request) error {
	l, err := h.collectionLayer(r)
	if err != nil {
		return err
	}
	f, err := h.readFeature(w, r)
	if err != nil {
		return err
	}
	if f.ID == nil && f.Properties["id"] == nil {
		if f.ID, err = newFeatureID(l.ID); err != nil {
			return err
		}
	}
	z, err := h.toZone(f, l)
	if err != nil {
		return err
	}
	latest, err := h.store.Zone(r.Context(), l.ID, z.ID)
	switch {
	case errors.Is(err, data.ErrNotFound):
		latest = nil
	case err != nil:
		return fmt.Errorf("read %s/%s: %w", l.ID, z.ID, err)
	case latest.Status != geo.StatusRetired:
		return &wire.Error{Status: http.StatusConflict, Code: "feature_exists", Field: "id",
			Message: fmt.Sprintf("feature %q exists in collection %q; change it with PUT or PATCH", z.ID, l.ID)}
	}
	conflict := func() error {
		return &wire.Error{Status: http.StatusConflict, Code: "feature_exists", Field: "id",
			Message: fmt.Sprintf("feature %q was created meanwhile in collection %q", z.ID, l.ID)}
	}
	if err := h.commitDraft(r.Context(), data.ActionCreate, latest, z, conflict); err != nil {
		return err
	}
	w.Header().Set("Location", itemURL(wire.BaseURL(r), l.ID, z.ID))
	writeItem(w, r, http.StatusCreated, z)
	return nil
}

// ReplaceItem answers PUT /collections/{layer}/items/{id}: a new draft with
// the body's geometry and properties; validity is the previous version's
// unless the body sets valid_from or valid_to.
func (h *Handler) ReplaceItem(w http.ResponseWriter, r *http.Request) error {
	l, latest, err := h.editTarget(r)
	if err != nil {
		return err
	}
	f, err := h.readFeature(w, r)
	if err != nil {
		return err
	}
	_, hasFrom := f.Properties["valid_from"]
	_, hasTo := f.Properties["valid_to"]
	if err := setFeatureID(f, latest.ID); err != nil {
		return err
	}
	z, err := h.toZone(f, l)
	if err != nil {
		return err
	}
	if !hasFrom {
		z.Validity.From = latest.Validity.From
	}
	if !hasTo {
		z.Validity.To = latest.Validity.To
	}
	if err := z.Validity.Validate(); err != nil {
		return invalidFeature(err)
	}
	return h.storeEdit(w, r, latest, z)
}

// editTarget resolves the layer and latest version of the feature a PUT,
// PATCH or DELETE names and checks If-Match against it.
func (h *Handler) editTarget(r *http.Request) (geo.Layer, *geo.Zone, error) {
	l, err := h.collectionLayer(r)
	if err != nil {
		return geo.Layer{}, nil, err
	}
	latest, err := h.latestZone(r.Context(), l.ID, chi.URLParam(r, "id"))
	if err != nil {
		return geo.Layer{}, nil, err
	}
	if err := checkIfMatch(r, latest); err != nil {
		return geo.Layer{}, nil, err
	}
	return l, latest, nil
}

// setFeatureID gives f the id from the path; a body naming another id is a
// 400.
func setFeatureID(f *geojson.Feature, id string) error {
	if f.ID != nil && fmt.Sprint(f.ID) != id {
		return wire.BadRequest("id_mismatch", "id", "the body's id %v is not the path's %q", f.ID, id)
	}
	delete(f.Properties, "id")
	f.ID = id
	return nil
}

// storeEdit commits z as the draft after latest and answers it; a lost
// race is a 412.
func (h *Handler) storeEdit(w http.ResponseWriter, r *http.Request, latest, z *geo.Zone) error {
	conflict := func() error {
		cur, err := h.latestZone(r.Context(), latest.Layer, latest.ID)
		if err != nil {
			return err
		}
		return preconditionFailed(itemETag(cur))
	}
	if err := h.commitDraft(r.Context(), data.ActionUpdate, latest, z, conflict); err != nil {
		return err
	}
	writeItem(w, r, http.StatusOK, z)
	return nil
}

// DeleteItem answers DELETE /collections/{layer}/items/{id}: every
// published or draft version is retired (rows are kept: history stays),
// 204. Deleting a feature with nothing left to retire changes nothing.
func (h *Handler) DeleteItem(w http.ResponseWriter, r *http.Request) error {
	_, latest, err := h.editTarget(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	versions, err := h.store.ZoneVersions(ctx, latest.Layer, latest.ID)
	if err != nil {
		return fmt.Errorf("read versions of %s/%s: %w", latest.Layer, latest.ID, err)
	}
	actor := wire.Actor(ctx)
	var b data.Batch
	for _, v := range versions {
		if v.Status == geo.StatusRetired {
			continue
		}
		c := *v
		c.Status = geo.StatusRetired
		e, err := data.ZoneAudit(actor, data.ActionRetire, v, &c)
		if err != nil {
			return fmt.Errorf("audit %s/%s: %w", v.Layer, v.ID, err)
		}
		b.Update = append(b.Update, &c)
		b.Audit = append(b.Audit, e)
	}
	if len(b.Update) > 0 {
		err := h.store.Commit(ctx, b)
		if errors.Is(err, data.ErrConflict) {
			return preconditionFailed(itemETag(latest))
		}
		if err != nil {
			return fmt.Errorf("retire %s/%s: %w", latest.Layer, latest.ID, err)
		}
		if err := h.follower.CatchUp(ctx); err != nil {
			return fmt.Errorf("catch up after retiring %s/%s: %w", latest.Layer, latest.ID, err)
		}
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
