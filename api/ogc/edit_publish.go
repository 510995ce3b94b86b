package ogc

// Publishing drafts and reading the history of a feature.

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
)

// publishRequest is the body of POST /v1/zones/{layer}/{id}/publish. An
// absent member keeps the draft's value; null or "" means open (since
// always / until further notice). Times are RFC 3339 or dates (in the
// server's time zone).
type publishRequest struct {
	ValidFrom json.RawMessage `json:"valid_from"`
	ValidTo   json.RawMessage `json:"valid_to"`
}

// PublishZone answers POST /v1/zones/{layer}/{id}/publish: the latest
// version, which must be a draft (else 404 no_draft), becomes published
// with the requested validity; earlier published versions are closed where
// it begins or retired (data.PublishDraft, the workflow the CLI's import
// shares). A concurrent change is a 409. The index has caught up when it
// answers, so the caller reads its own write.
func (h *Handler) PublishZone(w http.ResponseWriter, r *http.Request) error {
	l, err := h.collectionLayer(r)
	if err != nil {
		return err
	}
	var req publishRequest
	if r.ContentLength != 0 {
		if err := wire.DecodeJSON(w, r, h.maxBody, &req); err != nil {
			return err
		}
	}
	ctx := r.Context()
	id := chi.URLParam(r, "id")
	validity := func(draft *geo.Zone) (v geo.Validity, err error) {
		if v.From, err = h.publishTime(req.ValidFrom, draft.Validity.From, "valid_from"); err != nil {
			return v, err
		}
		if v.To, err = h.publishTime(req.ValidTo, draft.Validity.To, "valid_to"); err != nil {
			return v, err
		}
		if err := v.Validate(); err != nil {
			return v, wire.BadRequest("invalid_validity", "valid_to", "%v", err)
		}
		return v, nil
	}
	pub, err := data.PublishDraft(ctx, h.store, wire.Actor(ctx), l.ID, id, validity)
	switch {
	case errors.Is(err, data.ErrNoDraft):
		return &wire.Error{Status: http.StatusNotFound, Code: "no_draft", Field: "featureId",
			Message: fmt.Sprintf("feature %q of collection %q has no draft to publish; create or change it first", id, l.ID)}
	case errors.Is(err, data.ErrConflict):
		return &wire.Error{Status: http.StatusConflict, Code: "conflict",
			Message: fmt.Sprintf("feature %q changed while it was being published; read it again", id)}
	case err != nil:
		return err
	}
	if err := h.follower.CatchUp(ctx); err != nil {
		return fmt.Errorf("catch up after publishing %s/%s: %w", l.ID, id, err)
	}
	writeItem(w, r, http.StatusOK, pub)
	return nil
}

// publishTime resolves one validity bound of a publish request.
func (h *Handler) publishTime(raw json.RawMessage, keep time.Time, field string) (time.Time, error) {
	if len(raw) == 0 {
		return keep, nil
	}
	var v *string
	if err := json.Unmarshal(raw, &v); err != nil {
		return time.Time{}, wire.BadRequest("invalid_time", field, "%s must be a string date or time, or null", field)
	}
	if v == nil || *v == "" {
		return time.Time{}, nil
	}
	t, err := geo.ParseTime(*v, h.loc)
	if err != nil {
		return time.Time{}, wire.BadRequest("invalid_time", field, "%v", err)
	}
	return t, nil
}

// versionJSON is one entry of a feature's history.
type versionJSON struct {
	Version   int64      `json:"version"`
	Status    geo.Status `json:"status"`
	Name      string     `json:"name"`
	ValidFrom *time.Time `json:"valid_from"`
	ValidTo   *time.Time `json:"valid_to"`
	Author    string     `json:"author"`
	UpdatedAt time.Time  `json:"updated_at"`
	ETag      string     `json:"etag"`
	Href      string     `json:"href"`
}

// historyResponse is the answer of GET /v1/zones/{layer}/{id}/versions.
type historyResponse struct {
	Layer    string        `json:"layer"`
	ID       string        `json:"id"`
	Versions []versionJSON `json:"versions"`
}

// visibleVersions returns the versions of {layer}/{id} the caller may see,
// oldest first: editors (and above) every version, others published ones
// only. Retired versions are editors' too: a draft retired before it was
// ever published looks like any other retired version, and drafts must stay
// invisible to viewers. None is a 404.
func (h *Handler) visibleVersions(r *http.Request) ([]*geo.Zone, error) {
	l, err := h.collectionLayer(r)
	if err != nil {
		return nil, err
	}
	id := chi.URLParam(r, "id")
	all, err := h.store.ZoneVersions(r.Context(), l.ID, id)
	if err != nil && !errors.Is(err, data.ErrNotFound) {
		return nil, fmt.Errorf("read versions of %s/%s: %w", l.ID, id, err)
	}
	editor := wire.CallerFrom(r.Context()).Role.Includes(data.RoleEditor)
	var out []*geo.Zone
	for _, z := range all {
		if editor || z.Status == geo.StatusPublished {
			out = append(out, z)
		}
	}
	if len(out) == 0 {
		return nil, &wire.Error{Status: http.StatusNotFound, Code: "unknown_feature", Field: "featureId",
			Message: fmt.Sprintf("collection %q has no feature %q", l.ID, id)}
	}
	return out, nil
}

// Versions answers GET /v1/zones/{layer}/{id}/versions.
func (h *Handler) Versions(w http.ResponseWriter, r *http.Request) error {
	zs, err := h.visibleVersions(r)
	if err != nil {
		return err
	}
	base := wire.BaseURL(r)
	resp := historyResponse{Layer: zs[0].Layer, ID: zs[0].ID, Versions: make([]versionJSON, len(zs))}
	for i, z := range zs {
		resp.Versions[i] = versionJSON{Version: z.Version, Status: z.Status, Name: z.Name,
			ValidFrom: timeOrNil(z.Validity.From), ValidTo: timeOrNil(z.Validity.To),
			Author: z.Author, UpdatedAt: z.UpdatedAt, ETag: itemETag(z), Href: versionURL(base, z)}
	}
	wire.WriteJSON(w, http.StatusOK, resp)
	return nil
}

// Version answers GET /v1/zones/{layer}/{id}/versions/{version}: that
// version as a GeoJSON Feature with its ETag.
func (h *Handler) Version(w http.ResponseWriter, r *http.Request) error {
	v, err := wire.ParseInt(chi.URLParam(r, "version"))
	if err != nil || v < 1 {
		return wire.BadRequest("invalid_version", "version", "version must be a positive integer")
	}
	zs, err := h.visibleVersions(r)
	if err != nil {
		return err
	}
	for _, z := range zs {
		if z.Version == v {
			writeItem(w, r, http.StatusOK, z)
			return nil
		}
	}
	return &wire.Error{Status: http.StatusNotFound, Code: "unknown_version", Field: "version",
		Message: fmt.Sprintf("feature %q has no version %d", zs[0].ID, v)}
}

// versionURL is the address of one stored version.
func versionURL(base string, z *geo.Zone) string {
	return base + "/v1/zones/" + url.PathEscape(z.Layer) + "/" + url.PathEscape(z.ID) + "/versions/" + strconv.FormatInt(z.Version, 10)
}
