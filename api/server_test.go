package api_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/zonegate/zonegate/api/internal/apitest"
	"github.com/zonegate/zonegate/data/demo"
)

func TestHealthAndReadiness(t *testing.T) {
	ts := apitest.New(t)
	for _, path := range []string{"/healthz", "/readyz"} {
		status, ct, body := ts.Do(t, http.MethodGet, path, "", "")
		if status != http.StatusOK || !strings.HasPrefix(ct, "application/json") {
			t.Errorf("GET %s = %d %q %s", path, status, ct, body)
		}
	}
	status, _, body := ts.Do(t, http.MethodGet, "/metrics", "", "")
	for _, name := range []string{"zonegate_index_zones", "zonegate_tile_cache_hits_total", "zonegate_tile_cache_bytes"} {
		if status != http.StatusOK || !bytes.Contains(body, []byte(name)) {
			t.Errorf("GET /metrics = %d, missing %s", status, name)
		}
	}
}

func TestLayersListsDemoLayers(t *testing.T) {
	ts := apitest.New(t)
	var got struct {
		Layers []struct {
			ID           string `json:"id"`
			Kind         string `json:"kind"`
			Title        string `json:"title"`
			GeometryType string `json:"geometry_type"`
			FeatureCount int    `json:"feature_count"`
		} `json:"layers"`
	}
	ts.GetJSON(t, "/v1/layers", &got)
	layers, zones := demo.Region()
	if len(got.Layers) != len(layers) {
		t.Fatalf("got %d layers, want %d", len(got.Layers), len(layers))
	}
	want := map[string]int{}
	for _, z := range zones {
		if z.Validity.Contains(apitest.CheckTime) {
			want[z.Layer]++
		}
	}
	for _, l := range got.Layers {
		if l.FeatureCount != want[l.ID] {
			t.Errorf("layer %s: feature_count %d, want %d", l.ID, l.FeatureCount, want[l.ID])
		}
		if !strings.Contains(l.Title, "模拟") && !strings.Contains(strings.ToLower(l.Title), "synthetic") {
			t.Errorf("layer %s title %q is not labelled synthetic", l.ID, l.Title)
		}
	}
}
