package api_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// BenchmarkReplicaIngest measures POST /v1/tracks (batches of 1,000
// positions: 500 trucks, two positions each) on one and two replicas
// sharing one PostGIS, the replicas posted to at once, each by its own
// feed of different trucks; positions/s counts all replicas together.
// Run with ZONEGATE_TEST_POSTGRES set; compare BenchmarkTrackIngest
// (one server on SQLite).
func BenchmarkReplicaIngest(b *testing.B) {
	for _, n := range []int{1, 2} {
		b.Run(fmt.Sprintf("replicas=%d", n), func(b *testing.B) {
			rs := startReplicas(b, n, "")
			feeds := make([]*replicaFeed, n)
			for i := range feeds {
				feeds[i] = newReplicaFeed(fmt.Sprintf("晋%c", 'A'+i), 500, uint64(i))
				for range 2 { // the trucks' first states
					benchPostTo(b, rs[i], feeds[i].batch())
				}
			}
			bodies := make([][]string, n)
			for i := range b.N {
				bodies[i%n] = append(bodies[i%n], feeds[i%n].batch())
			}
			b.ResetTimer()
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					for _, body := range bodies[i] {
						benchPostTo(b, rs[i], body)
					}
				})
			}
			wg.Wait()
			b.ReportMetric(float64(b.N)*1000/b.Elapsed().Seconds(), "positions/s")
		})
	}
}

// replicaFeed moves trucks with their own plates back and forth across the
// replica tests' coal-ban zone.
type replicaFeed struct {
	prefix string
	rng    *rand.Rand
	lon    []float64
	step   int
}

func newReplicaFeed(prefix string, trucks int, seed uint64) *replicaFeed {
	f := &replicaFeed{prefix: prefix, rng: rand.New(rand.NewPCG(seed, 7))}
	for range trucks {
		f.lon = append(f.lon, 110.9+f.rng.Float64()*0.3)
	}
	return f
}

// batch returns the body of one POST /v1/tracks: two positions of every
// truck, 10 s apart.
func (f *replicaFeed) batch() string {
	var b strings.Builder
	b.WriteString(`{"positions":[`)
	for p := range 2 {
		t := driveStart.Add(time.Duration(f.step) * 10 * time.Second).Format(time.RFC3339)
		f.step++
		for i := range f.lon {
			f.lon[i] += (f.rng.Float64() - 0.5) * 0.01
			if p > 0 || i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"plate":"%s·%05d","time":%q,"lon":%.5f,"lat":%.5f}`, f.prefix, i, t, f.lon[i], 36.0005+float64(i)*1e-4)
		}
	}
	b.WriteString(`]}`)
	return b.String()
}

func benchPostTo(b *testing.B, r *replica, body string) {
	req := httptest.NewRequest(http.MethodPost, "/v1/tracks", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	r.api.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Errorf("status %d: %s", rec.Code, rec.Body.String())
	}
}
