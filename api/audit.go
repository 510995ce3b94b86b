package api

import (
	"net/http"
	"time"

	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/data"
)

// Page sizes of GET /v1/audit.
const (
	defaultAuditLimit = 1000
	maxAuditLimit     = 10_000
)

// auditResponse is the answer of GET /v1/audit. NextAfter is the after=
// value of the next page, nil on the last page.
type auditResponse struct {
	Entries   []*data.AuditEntry `json:"entries"`
	NextAfter *int64             `json:"next_after"`
}

// listAudit answers GET /v1/audit?layer=&from=&to=&after=&limit=: audit
// entries in Seq order, from inclusive and to exclusive on their time,
// after a Seq for paging, at most limit (default 1000, at most 10000).
func (s *Server) listAudit(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := data.AuditFilter{Layer: q.Get("layer"), Limit: defaultAuditLimit}
	for _, t := range []struct {
		name string
		dst  *time.Time
	}{{"from", &f.From}, {"to", &f.To}} {
		if v := q.Get(t.name); v != "" {
			at, err := s.parseAt(v, t.name)
			if err != nil {
				return err
			}
			*t.dst = at
		}
	}
	if v := q.Get("after"); v != "" {
		n, err := wire.ParseInt(v)
		if err != nil || n < 0 {
			return badRequest("invalid_after", "after", "after must be an entry's seq (an integer >= 0), got %q", v)
		}
		f.AfterSeq = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := wire.ParseInt(v)
		if err != nil || n < 1 || n > maxAuditLimit {
			return badRequest("invalid_limit", "limit", "limit must be an integer from 1 to %d, got %q", maxAuditLimit, v)
		}
		f.Limit = int(n)
	}
	limit := f.Limit
	f.Limit++ // one more tells whether there is a next page
	entries, err := s.store.Audit(r.Context(), f)
	if err != nil {
		return err
	}
	resp := auditResponse{Entries: entries}
	if len(entries) > limit {
		resp.Entries = entries[:limit]
		next := resp.Entries[limit-1].Seq
		resp.NextAfter = &next
	}
	if resp.Entries == nil {
		resp.Entries = []*data.AuditEntry{}
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}
