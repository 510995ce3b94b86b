package api

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

// publishZone answers POST /v1/zones/{layer}/{id}/publish: the latest
// version, which must be a draft (else 404 no_draft), becomes published
// with the requested validity; earlier published versions are closed where
// it begins or retired (geo.Supersede). One Commit with the audit entries;
// a concurrent change is a 409. The index has caught up when it answers,
// so the caller reads its own write.
func (s *Server) publishZone(w http.ResponseWriter, r *http.Request) error {
	l, err := s.collectionLayer(r)
	if err != nil {
		return err
	}
	var req publishRequest
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, s.limits.body, &req); err != nil {
			return err
		}
	}
	ctx := r.Context()
	id := chi.URLParam(r, "id")
	versions, err := s.store.ZoneVersions(ctx, l.ID, id)
	if err != nil && !errors.Is(err, data.ErrNotFound) {
		return fmt.Errorf("read versions of %s/%s: %w", l.ID, id, err)
	}
	if len(versions) == 0 || versions[len(versions)-1].Status != geo.StatusDraft {
		return &Error{Status: http.StatusNotFound, Code: "no_draft", Field: "featureId",
			Message: fmt.Sprintf("feature %q of collection %q has no draft to publish; create or change it first", id, l.ID)}
	}
	draft := versions[len(versions)-1]
	pub := *draft
	pub.Status = geo.StatusPublished
	if pub.Validity.From, err = s.publishTime(req.ValidFrom, draft.Validity.From, "valid_from"); err != nil {
		return err
	}
	if pub.Validity.To, err = s.publishTime(req.ValidTo, draft.Validity.To, "valid_to"); err != nil {
		return err
	}
	if err := pub.Validity.Validate(); err != nil {
		return badRequest("invalid_validity", "valid_to", "%v", err)
	}
	actor := actorOf(ctx)
	e, err := data.ZoneAudit(actor, data.ActionPublish, draft, &pub)
	if err != nil {
		return fmt.Errorf("audit %s/%s: %w", l.ID, id, err)
	}
	b := data.Batch{Update: []*geo.Zone{&pub}, Audit: []*data.AuditEntry{e}}
	byKey := make(map[geo.Key]*geo.Zone, len(versions))
	for _, v := range versions {
		byKey[v.Key()] = v
	}
	for _, c := range geo.Supersede(versions[:len(versions)-1], &pub) {
		act := data.ActionUpdate
		if c.Status == geo.StatusRetired {
			act = data.ActionRetire
		}
		e, err := data.ZoneAudit(actor, act, byKey[c.Key()], c)
		if err != nil {
			return fmt.Errorf("audit %s/%s: %w", l.ID, id, err)
		}
		b.Update = append(b.Update, c)
		b.Audit = append(b.Audit, e)
	}
	if err := s.store.Commit(ctx, b); err != nil {
		if errors.Is(err, data.ErrConflict) {
			return &Error{Status: http.StatusConflict, Code: "conflict",
				Message: fmt.Sprintf("feature %q changed while it was being published; read it again", id)}
		}
		return fmt.Errorf("publish %s/%s: %w", l.ID, id, err)
	}
	if err := s.follower.CatchUp(ctx); err != nil {
		return fmt.Errorf("catch up after publishing %s/%s: %w", l.ID, id, err)
	}
	writeItem(w, r, http.StatusOK, &pub)
	return nil
}

// publishTime resolves one validity bound of a publish request.
func (s *Server) publishTime(raw json.RawMessage, keep time.Time, field string) (time.Time, error) {
	if len(raw) == 0 {
		return keep, nil
	}
	var v *string
	if err := json.Unmarshal(raw, &v); err != nil {
		return time.Time{}, badRequest("invalid_time", field, "%s must be a string date or time, or null", field)
	}
	if v == nil || *v == "" {
		return time.Time{}, nil
	}
	t, err := geo.ParseTime(*v, s.loc)
	if err != nil {
		return time.Time{}, badRequest("invalid_time", field, "%v", err)
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
func (s *Server) visibleVersions(r *http.Request) ([]*geo.Zone, error) {
	l, err := s.collectionLayer(r)
	if err != nil {
		return nil, err
	}
	id := chi.URLParam(r, "id")
	all, err := s.store.ZoneVersions(r.Context(), l.ID, id)
	if err != nil && !errors.Is(err, data.ErrNotFound) {
		return nil, fmt.Errorf("read versions of %s/%s: %w", l.ID, id, err)
	}
	editor := callerFrom(r.Context()).role.Includes(data.RoleEditor)
	var out []*geo.Zone
	for _, z := range all {
		if editor || z.Status == geo.StatusPublished {
			out = append(out, z)
		}
	}
	if len(out) == 0 {
		return nil, &Error{Status: http.StatusNotFound, Code: "unknown_feature", Field: "featureId",
			Message: fmt.Sprintf("collection %q has no feature %q", l.ID, id)}
	}
	return out, nil
}

// listVersions answers GET /v1/zones/{layer}/{id}/versions.
func (s *Server) listVersions(w http.ResponseWriter, r *http.Request) error {
	zs, err := s.visibleVersions(r)
	if err != nil {
		return err
	}
	base := baseURL(r)
	resp := historyResponse{Layer: zs[0].Layer, ID: zs[0].ID, Versions: make([]versionJSON, len(zs))}
	for i, z := range zs {
		resp.Versions[i] = versionJSON{Version: z.Version, Status: z.Status, Name: z.Name,
			ValidFrom: timeOrNil(z.Validity.From), ValidTo: timeOrNil(z.Validity.To),
			Author: z.Author, UpdatedAt: z.UpdatedAt, ETag: itemETag(z), Href: versionURL(base, z)}
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}

// getVersion answers GET /v1/zones/{layer}/{id}/versions/{version}: that
// version as a GeoJSON Feature with its ETag.
func (s *Server) getVersion(w http.ResponseWriter, r *http.Request) error {
	v, err := strconv.ParseInt(chi.URLParam(r, "version"), 10, 64)
	if err != nil || v < 1 {
		return badRequest("invalid_version", "version", "version must be a positive integer")
	}
	zs, err := s.visibleVersions(r)
	if err != nil {
		return err
	}
	for _, z := range zs {
		if z.Version == v {
			writeItem(w, r, http.StatusOK, z)
			return nil
		}
	}
	return &Error{Status: http.StatusNotFound, Code: "unknown_version", Field: "version",
		Message: fmt.Sprintf("feature %q has no version %d", zs[0].ID, v)}
}

// versionURL is the address of one stored version.
func versionURL(base string, z *geo.Zone) string {
	return base + "/v1/zones/" + url.PathEscape(z.Layer) + "/" + url.PathEscape(z.ID) + "/versions/" + strconv.FormatInt(z.Version, 10)
}
