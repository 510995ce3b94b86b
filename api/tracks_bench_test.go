package api_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/data"
)

// truckFleet moves n trucks over the demo region: each starts near a
// random place between the county seats and drives ~150 m per step with a
// slowly turning heading, so tracks cross zones now and then.
type truckFleet struct {
	rng     *rand.Rand
	pos     [][2]float64
	heading []float64
	step    int
	start   time.Time
}

func newTruckFleet(n int, seed uint64) *truckFleet {
	f := &truckFleet{rng: rand.New(rand.NewPCG(seed, 3)), start: apitest.CheckTime.Add(-10 * 24 * time.Hour)}
	for range n {
		f.pos = append(f.pos, [2]float64{110.9 + f.rng.Float64()*1.2, 35.7 + f.rng.Float64()*1.0})
		f.heading = append(f.heading, f.rng.Float64()*2*math.Pi)
	}
	return f
}

// batch returns the body of one POST /v1/tracks: perTruck positions of
// every truck, 10 s apart, in truck order.
func (f *truckFleet) batch(perTruck int) string {
	var b strings.Builder
	b.WriteString(`{"positions":[`)
	first := true
	for range perTruck {
		t := f.start.Add(time.Duration(f.step) * 10 * time.Second).Format(time.RFC3339)
		f.step++
		for i := range f.pos {
			f.heading[i] += (f.rng.Float64() - 0.5) * 0.6
			f.pos[i][0] += 0.0017 * math.Cos(f.heading[i])
			f.pos[i][1] += 0.0013 * math.Sin(f.heading[i])
			if !first {
				b.WriteByte(',')
			}
			first = false
			fmt.Fprintf(&b, `{"plate":"晋L·%05d","time":%q,"lon":%.6f,"lat":%.6f,"cargo":"coal"}`, i, t, f.pos[i][0], f.pos[i][1])
		}
	}
	b.WriteString(`]}`)
	return b.String()
}

// BenchmarkTrackIngest measures POST /v1/tracks through the handler:
// JSON decoding, validation, zone and route lookups, the state machine and
// one CommitTrack on SQLite per batch of 1,000 positions (500 trucks, two
// positions each).
func BenchmarkTrackIngest(b *testing.B) {
	ts := apitest.New(b)
	fleet := newTruckFleet(500, 1)
	// Warm up: the index's point grid and the vehicles' first states.
	for range 3 {
		benchPost(b, ts, fleet.batch(2))
	}
	bodies := make([]string, b.N)
	for i := range bodies {
		bodies[i] = fleet.batch(2)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		benchPost(b, ts, bodies[i])
	}
	b.ReportMetric(float64(b.N)*1000/b.Elapsed().Seconds(), "positions/s")
	b.StopTimer()
	evs, err := ts.Store.(data.TrackStore).Events(context.Background(), data.EventFilter{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(len(evs))/float64(b.N+3), "events/batch")
}

func benchPost(b *testing.B, ts *apitest.Server, body string) {
	req := httptest.NewRequest(http.MethodPost, "/v1/tracks", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	ts.API.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
}
