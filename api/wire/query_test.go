package wire

import (
	"net/url"
	"slices"
	"testing"
)

// FuzzQuery: Query answers what url.ParseQuery answers, for any query.
func FuzzQuery(f *testing.F) {
	for _, s := range []string{"", "lon=111.5&lat=36", "lon=1&lon=2&layers=a,b&layers=c", "a=%41&b=+", "x;y=1&lon=2", "&&=&lon&lon=3", "lat==1&lon=a=b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		want, _ := url.ParseQuery(raw)
		q := ParseQuery(raw)
		keys := []string{"lon", "lat", "layers", "at", "crs", "", "a"}
		for k := range want {
			keys = append(keys, k)
		}
		for _, k := range keys {
			if got := q.Get(k); got != want.Get(k) {
				t.Fatalf("%q: Get(%q) = %q, want %q", raw, k, got, want.Get(k))
			}
			if got := q.All(k); !slices.Equal(got, want[k]) {
				t.Fatalf("%q: All(%q) = %q, want %q", raw, k, got, want[k])
			}
		}
	})
}
