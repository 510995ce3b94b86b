package api

import (
	"bufio"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/zonegate/zonegate/api/pointio"
	"github.com/zonegate/zonegate/api/readahead"
	"github.com/zonegate/zonegate/geo/crs"
	"github.com/zonegate/zonegate/geo/index"
)

// Stream tuning. A line longer than streamMaxLine is answered as an error
// line and skipped. The body is read ahead (readahead.Reader), and the answer
// goes out (written and flushed) whenever a chunk is full or everything
// that has arrived is parsed, so a client with many lookups in flight gets
// them back in large writes, and a client that waits for each answer gets
// it at once.
const (
	streamReadBuffer = 64 << 10 // beside readahead's 1 MB
	streamMaxLine    = 4 << 10
)

// zonesAtStream answers POST /v1/zones/at/stream: NDJSON in
// (application/x-ndjson, one [lon,lat] per line), NDJSON out, one line per
// input line in input order: {"zones":[{"layer":..,"id":..},...]} as in
// the batch answer, or {"error":{"code":..,"message":..,"line":N}} for a
// line that is not a valid point (N counts from 1; the stream goes on).
// Every input line, blank ones included, gets exactly one answer line, so
// answer N always belongs to line N. ?layers=, ?at= and ?crs= apply to
// the whole stream. Lines are read and answered as they arrive (HTTP/1.1
// full duplex), and memory stays that of one read buffer and one write
// buffer whatever the stream's length. The index snapshot is taken again
// at every flush, so a long stream sees published edits.
func (s *Server) zonesAtStream(w http.ResponseWriter, r *http.Request) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || (mt != "application/x-ndjson" && mt != "application/jsonl") {
			return &Error{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type",
				Message: "content type " + strconv.Quote(ct) + " is not NDJSON; send application/x-ndjson, one [lon,lat] per line"}
		}
	}
	q := r.URL.Query()
	c, err := parseCRS(q.Get("crs"), "crs")
	if err != nil {
		return err
	}
	at, err := s.parseAt(q.Get("at"), "at")
	if err != nil {
		return err
	}
	layers, err := s.parseLayers(q["layers"], "layers")
	if err != nil {
		return err
	}
	rc := http.NewResponseController(w)
	// Without full duplex Go's HTTP/1.1 server stops reading the body at
	// the first write. Writers that cannot (HTTP/2 has it anyway, test
	// recorders buffer everything) answer ErrNotSupported.
	_ = rc.EnableFullDuplex()
	// A stream outlives the server's read and write timeouts.
	_ = rc.SetReadDeadline(time.Time{})
	_ = rc.SetWriteDeadline(time.Time{})
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.Header().Set("X-Accel-Buffering", "no") // nginx: pass lines on as written
	w.WriteHeader(http.StatusOK)

	st := streamState{q: index.Query{At: at, Layers: layers}, crs: c, scratch: &s.bulk}
	body := readahead.New(r.Body)
	defer body.Close()
	br := bufio.NewReaderSize(body, streamReadBuffer)
	for line := 1; ; {
		// Parse what has arrived (at least one line, at most a chunk),
		// answer it on all cores, write it, flush.
		snap := s.index.Snapshot()
		limit := streamChunk
		if snap.SortsBatch(streamSortedChunk) {
			limit = streamSortedChunk
		}
		st.chunk.Reset(line)
		var err error
		for st.chunk.Len() < limit {
			var b []byte
			b, err = br.ReadSlice('\n')
			switch {
			case errors.Is(err, bufio.ErrBufferFull) || (len(b) > streamMaxLine && err == nil):
				for errors.Is(err, bufio.ErrBufferFull) { // skip the rest of the long line
					_, err = br.ReadSlice('\n')
				}
				st.chunk.AddBad("line_too_long", "a line holds one [lon,lat] pair of at most "+strconv.Itoa(streamMaxLine)+" bytes")
			case len(b) == 0 && err != nil: // the end, or the body failed
			default:
				st.chunk.Add(b, st.crs)
			}
			if err != nil || (br.Buffered() == 0 && !body.Ready()) {
				break // answer what came in before waiting for more
			}
		}
		line = st.chunk.Next()
		if st.chunk.Len() > 0 {
			if werr := st.answer(w, rc, snap); werr != nil {
				return nil // a write error means the client went away
			}
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				s.log.Debug("zone stream: read the request body", "err", err, "line", line)
			}
			return nil // after an early end the client sees the answer stop short
		}
	}
}

// Chunks: streamChunk is the most lines answered in one go, and
// streamSortedChunk on an index that looks large batches up faster out of
// input order (index.Snapshot.SortsBatch), where a share of 4,096 points
// cost about 1.4 times as much a point as one of 32,768 on the heavy
// benchmark set. The answer is encoded and written in rounds of
// streamRound lines whatever the chunk, so the answer buffers stay small;
// streamWorkerMin is the fewest points or lines worth a goroutine.
const (
	streamChunk       = 8192
	streamSortedChunk = 65536
	streamRound       = 8192
	streamWorkerMin   = 1024
)

// streamState is what one stream keeps between chunks: the query and the
// parsed lines of the current chunk, reused. The lookups' and encoders'
// memory is pooled by pointio, not kept by an idle stream.
type streamState struct {
	q       index.Query
	crs     crs.CRS
	chunk   pointio.Chunk
	scratch *pointio.Scratch // the server's
}

// answer answers st.chunk against snap, writes the answer and flushes.
func (st *streamState) answer(w http.ResponseWriter, rc *http.ResponseController, snap *index.Snapshot) error {
	err := st.scratch.AnswerChunk(snap, st.q, &st.chunk, streamRound, streamWorkerMin, func(b []byte) error {
		_, err := w.Write(b)
		return err
	})
	if err != nil {
		return err
	}
	if err := rc.Flush(); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return err
	}
	return nil
}
