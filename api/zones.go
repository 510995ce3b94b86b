package api

import (
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/paulmach/orb"

	"github.com/zonegate/zonegate/api/pointio"
	"github.com/zonegate/zonegate/api/wire"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/crs"
	"github.com/zonegate/zonegate/geo/index"
)

// zoneJSON is a zone as answered by point lookups and checks.
type zoneJSON struct {
	Layer     string     `json:"layer"`
	Kind      geo.Kind   `json:"kind"`
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Version   int64      `json:"version"`
	ValidFrom *time.Time `json:"valid_from"`
	ValidTo   *time.Time `json:"valid_to"`
}

func toZoneJSON(z *geo.Zone) zoneJSON {
	return zoneJSON{
		Layer: z.Layer, Kind: z.Kind, ID: z.ID, Name: z.Name, Version: z.Version,
		ValidFrom: boundOrNil(&z.Validity.From), ValidTo: boundOrNil(&z.Validity.To),
	}
}

// boundOrNil is t, a validity bound of a zone (zones are not modified
// once loaded: geo/index), or nil (JSON null) for an open bound; pointing
// at the zone's own field saves an allocation per bound.
func boundOrNil(t *time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return t
}

// zonesAt answers GET /v1/zones/at?lon=&lat=[&at=][&layers=][&crs=].
// The answer is appended by hand (wire.AppendZonesAt): encoding/json was a
// fifth of the request's server time.
func (s *Server) zonesAt(w http.ResponseWriter, r *http.Request) error {
	q := wire.ParseQuery(r.URL.RawQuery)
	wgs, err := parseQueryPointWGS84(&q)
	if err != nil {
		return err
	}
	at, err := s.parseAt(q.Get("at"), "at")
	if err != nil {
		return err
	}
	layers, err := s.parseLayers(q.All("layers"), "layers")
	if err != nil {
		return err
	}
	var found [16]*geo.Zone
	zones := s.index.Snapshot().ZonesAt(found[:0], wgs, index.Query{At: at, Layers: layers})
	buf := s.answers.get()
	defer s.answers.put(buf)
	body, ok := wire.AppendZonesAt((*buf)[:0], wgs, at, zones)
	if !ok {
		writeJSON(w, http.StatusOK, newZonesAtResponse(wgs, at, zones))
		return nil
	}
	*buf = body
	w.Header()["Content-Type"] = jsonContentType
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body) // a write error means the client went away
	return nil
}

// newZonesAtResponse is the answer of GET /v1/zones/at for encoding/json.
func newZonesAtResponse(wgs orb.Point, at time.Time, zones []*geo.Zone) zonesAtResponse {
	out := make([]zoneJSON, len(zones))
	for i, z := range zones {
		out[i] = toZoneJSON(z)
	}
	return zonesAtResponse{Point: wgs, At: at, Zones: out}
}

// zonesAtResponse is the answer of GET /v1/zones/at.
type zonesAtResponse struct {
	Point orb.Point  `json:"point"` // the query point in WGS84
	At    time.Time  `json:"at"`
	Zones []zoneJSON `json:"zones"`
}

// zonesAtBatch answers POST /v1/zones/at: the zones at each point, in input
// order. The lookups run on all cores; the answer is encoded by hand because
// encoding/json would dominate the cost of a 100,000-point batch.
func (s *Server) zonesAtBatch(w http.ResponseWriter, r *http.Request) error {
	req, err := s.decodeBatch(w, r)
	if err != nil {
		return err
	}
	defer s.bulk.ReleasePoints(req.Points)
	if req.Points == nil {
		return badRequest("invalid_points", "points", "points is required: an array of [lon, lat] pairs")
	}
	c, err := parseCRS(req.CRS, "crs")
	if err != nil {
		return err
	}
	at, err := s.parseAt(req.At, "at")
	if err != nil {
		return err
	}
	layers, err := s.parseLayers(req.Layers, "layers")
	if err != nil {
		return err
	}
	pts := req.Points
	if c != crs.WGS84 {
		for i, p := range pts {
			pts[i] = crs.ToWGS84(p, c)
		}
	}
	ans := s.bulk.EncodeBatch(s.index.Snapshot(), pts, index.Query{At: at, Layers: layers})
	defer ans.Release()
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(ans.Size()))
	w.WriteHeader(http.StatusOK)
	_, _ = ans.Buffers.WriteTo(w) // a write error means the client went away
	return nil
}

// decodeBatch reads the body of POST /v1/zones/at, at most the batch body
// limit (413 past it), after checking its content type, and decodes it
// (pointio.Scratch.DecodeBatch) into points the caller hands back with
// s.bulk.ReleasePoints. A body of declared length is read into a pooled
// buffer of that size, not grown by doubling nor allocated afresh: a batch
// of 100,000 points is 2.3 MB.
func (s *Server) decodeBatch(w http.ResponseWriter, r *http.Request) (pointio.Batch, error) {
	if err := wire.CheckJSONContentType(r); err != nil {
		return pointio.Batch{}, err
	}
	limit := s.limits.batchBody
	body := http.MaxBytesReader(w, r.Body, limit)
	if n := r.ContentLength; n > 0 && n <= limit {
		buf := s.bulk.BodyBuffer(int(n))
		defer s.bulk.ReleaseBody(buf) // the points do not refer to the body
		if _, err := io.ReadFull(body, *buf); err != nil {
			return pointio.Batch{}, err
		}
		// net/http stops the body at Content-Length
		return s.bulk.DecodeBatch(*buf, s.limits.batchPoints)
	}
	raw, err := io.ReadAll(body)
	if err != nil {
		return pointio.Batch{}, err
	}
	return s.bulk.DecodeBatch(raw, s.limits.batchPoints)
}
