package api_test

import (
	"fmt"
	"github.com/zonegate/zonegate/api/internal/apitest"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// BenchmarkCheckClients measures coal-truck checks per second through the
// handler stack on a SQLite file store (WAL, synchronous=FULL) with 1, 8
// and 64 clients sending checks one after another. Every answered check
// has its inspection record committed first (group commit in
// inspectlog.go), so the figure is the rate of durable, logged checks.
//
// Reused check state, request id appended, cached coal-ban messages and
// run-appended strings (every check here is a refusal), 2 shared cores,
// same run, 5 interleaved runs, medians (checks/s, allocations, bytes a
// check; the body's reader and the request are this benchmark's):
//
//	1 client     4596, 53, 16.8 KB  ->   4798, 43, 11.7 KB
//	8 clients   14462, 50, 16.5 KB  ->  14902, 40, 11.4 KB
//	64 clients  22617, 49, 16.5 KB  ->  28918, 39, 11.3 KB (runs 14-30 k/s both)
func BenchmarkCheckClients(b *testing.B) {
	for _, clients := range []int{1, 8, 64} {
		b.Run(fmt.Sprintf("clients=%d", clients), func(b *testing.B) {
			ts := apitest.New(b)
			body := "{" + pos(centre) + "," + goodCoal + "," + allDocs + `,"destination":{"category":"residential"},"plate":"晋L·12345","station":"G108-yaodu-01"}`
			var next atomic.Int64
			var failed atomic.Int64
			b.ReportAllocs()
			b.ResetTimer()
			var wg sync.WaitGroup
			for range clients {
				wg.Go(func() {
					for next.Add(1) <= int64(b.N) {
						req := httptest.NewRequest(http.MethodPost, "/v1/checks/coal-truck", strings.NewReader(body))
						req.Header.Set("Content-Type", "application/json")
						w := &discardWriter{header: http.Header{}}
						ts.API.ServeHTTP(w, req)
						if w.status != http.StatusOK {
							failed.Add(1)
						}
					}
				})
			}
			wg.Wait()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "checks/s")
			if n := failed.Load(); n > 0 {
				b.Fatalf("%d checks not answered 200", n)
			}
		})
	}
}
