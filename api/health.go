package api

import "net/http"

// healthz answers 200 while the process runs.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	return nil
}

// readyz answers 200 once the index has been loaded from the store, 503
// before.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	if !s.follower.Ready() {
		return &Error{Status: http.StatusServiceUnavailable, Code: "not_ready", Message: "the zone index is still loading"}
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"status": "ready", "revision": s.follower.Revision(), "zones": s.index.Snapshot().Len(),
	})
	return nil
}
