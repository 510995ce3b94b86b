package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/zonegate/zonegate/api/internal/apitest"
)

// BenchmarkBatch100k measures the server time of one POST /v1/zones/at with
// 100,000 points over the demo region: decoding, lookups on all cores and
// encoding (DESIGN.md target: < 30 ms).
func BenchmarkBatch100k(b *testing.B) {
	ts := apitest.New(b)
	pts := randomPoints(3, 100_000)
	var sb strings.Builder
	sb.WriteString(`{"points":[`)
	for i, p := range pts {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, "[%.6f,%.6f]", p[0], p[1])
	}
	sb.WriteString(`]}`)
	body := sb.String()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/v1/zones/at", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		w := &discardWriter{header: http.Header{}}
		ts.API.ServeHTTP(w, req)
		if w.status != http.StatusOK || w.n < int64(len(pts))*13 {
			b.Fatalf("status %d, %d bytes", w.status, w.n)
		}
	}
}

// discardWriter is a ResponseWriter that counts and drops the body, so a
// benchmark measures the server's work, not a recorder copying megabytes.
type discardWriter struct {
	header http.Header
	status int
	n      int64
}

func (w *discardWriter) Header() http.Header { return w.header }

func (w *discardWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *discardWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	w.n += int64(len(p))
	return len(p), nil
}

// BenchmarkCheck measures one coal-truck check through the handler stack
// (routing, decoding, lookup, decision, logging, encoding), in parallel.
func BenchmarkCheck(b *testing.B) {
	ts := apitest.New(b)
	body := "{" + pos(centre) + "," + goodCoal + "," + allDocs + `,"destination":{"category":"residential"},"plate":"晋L·12345","station":"G108-yaodu-01"}`
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest(http.MethodPost, "/v1/checks/coal-truck", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			ts.API.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("status %d", rec.Code)
			}
		}
	})
}

// BenchmarkZonesAtGet measures GET /v1/zones/at through the handler stack.
func BenchmarkZonesAtGet(b *testing.B) {
	ts := apitest.New(b)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest(http.MethodGet, "/v1/zones/at?lon=111.5186&lat=36.0880", nil)
			rec := httptest.NewRecorder()
			ts.API.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("status %d", rec.Code)
			}
		}
	})
}
