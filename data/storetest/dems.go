package storetest

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/zonegate/zonegate/data"
	"github.com/zonegate/zonegate/geo"
	"github.com/zonegate/zonegate/geo/raster"
)

// demFixture returns a w×h grid whose samples come from fill.
func demFixture(t *testing.T, w, h int, x0 float64, fill func(i int) float32) *raster.Grid {
	t.Helper()
	g, err := raster.NewGrid(w, h, x0, 37, 1.0/1200, 1.0/1200)
	if err != nil {
		t.Fatalf("NewGrid: %v", err)
	}
	g.EPSG = raster.EPSGWGS84
	for i := range g.Data {
		g.Data[i] = fill(i)
	}
	return g
}

// sameGrid reports whether got has want's geometry and bit-identical
// samples (any NaN matching any NaN).
func sameGrid(got, want *raster.Grid) bool {
	if got.Width != want.Width || got.Height != want.Height || got.X0 != want.X0 || got.Y0 != want.Y0 ||
		got.DX != want.DX || got.DY != want.DY || got.EPSG != want.EPSG || len(got.Data) != len(want.Data) {
		return false
	}
	for i, v := range want.Data {
		if v != v && got.Data[i] != got.Data[i] {
			continue
		}
		if math.Float32bits(v) != math.Float32bits(got.Data[i]) {
			return false
		}
	}
	return true
}

var demTests = []test{
	{"RoundTripAndReplace", func(t *testing.T, s data.Store) {
		ds := s
		nan := float32(math.NaN())
		ints := demFixture(t, 41, 29, 111, func(i int) float32 {
			if i%17 == 5 {
				return nan
			}
			return float32(450 + i%41*3 - i/41*5)
		})
		floats := demFixture(t, 13, 11, 111.5, func(i int) float32 {
			if i == 7 {
				return nan
			}
			return float32(i)*0.37 + 400
		})
		info := &data.DEMInfo{Name: "linfen", Sources: []string{"N36E111.hgt", "N36E112.hgt"}, Voids: 3, CreatedBy: "cli:root",
			Width: 99, EPSG: 1234} // geometry fields are overwritten from the grid
		if err := ds.PutDEM(t.Context(), info, ints); err != nil {
			t.Fatalf("PutDEM: %v", err)
		}
		if info.Width != 41 || info.Height != 29 || info.X0 != 111 || info.Y0 != 37 || info.DX != 1.0/1200 ||
			info.DY != 1.0/1200 || info.EPSG != 4326 || info.Bytes <= 0 || info.CreatedAt.IsZero() ||
			info.CreatedAt.Location() != time.UTC {
			t.Errorf("PutDEM info = %+v; want geometry of the grid, Bytes and CreatedAt (UTC) set", *info)
		}
		other := &data.DEMInfo{Name: "a-float", CreatedBy: "cli:root"}
		if err := ds.PutDEM(t.Context(), other, floats); err != nil {
			t.Fatalf("PutDEM(float): %v", err)
		}
		for _, c := range []struct {
			name string
			want *raster.Grid
			info *data.DEMInfo
		}{{"linfen", ints, info}, {"a-float", floats, other}} {
			g, got, err := ds.LoadDEM(t.Context(), c.name)
			if err != nil {
				t.Fatalf("LoadDEM(%s): %v", c.name, err)
			}
			if !sameGrid(g, c.want) {
				t.Errorf("LoadDEM(%s): grid differs from the stored one", c.name)
			}
			if !sameDEMInfo(got, *c.info) {
				t.Errorf("LoadDEM(%s) info = %+v, want %+v", c.name, got, *c.info)
			}
		}
		list, err := ds.DEMs(t.Context())
		if err != nil {
			t.Fatalf("DEMs: %v", err)
		}
		if len(list) != 2 || list[0].Name != "a-float" || list[1].Name != "linfen" || !sameDEMInfo(list[1], *info) {
			t.Errorf("DEMs = %+v, want a-float then linfen", list)
		}

		// Replace by name: the new grid and record win, and the audit log
		// holds one dem_import entry per PutDEM, before and after.
		repl := &data.DEMInfo{Name: "linfen", Sources: []string{"merged.tif"}, CreatedBy: "editor-1"}
		if err := ds.PutDEM(t.Context(), repl, floats); err != nil {
			t.Fatalf("PutDEM(replace): %v", err)
		}
		g, got, err := ds.LoadDEM(t.Context(), "linfen")
		if err != nil || !sameGrid(g, floats) || !sameDEMInfo(got, *repl) {
			t.Errorf("after replace: LoadDEM = %+v, %v; want the float grid and %+v", got, err, *repl)
		}
		if list, err := ds.DEMs(t.Context()); err != nil || len(list) != 2 {
			t.Errorf("after replace: DEMs = %+v, %v; want 2", list, err)
		}
		log := auditLog(t, s)
		if err := data.VerifyAudit(log); err != nil {
			t.Errorf("VerifyAudit: %v", err)
		}
		var dem []*data.AuditEntry
		for _, e := range log {
			if e.Action == data.ActionDEMImport {
				dem = append(dem, e)
			}
		}
		if len(dem) != 3 || dem[0].ZoneID != "linfen" || dem[1].ZoneID != "a-float" || dem[2].ZoneID != "linfen" ||
			dem[2].Actor != "editor-1" || dem[2].Layer != "dem" || dem[0].Before != nil || dem[2].Before == nil {
			t.Fatalf("dem audit entries = %+v; want linfen, a-float, linfen (replace, with before)", dem)
		}
		var after data.DEMInfo
		if err := json.Unmarshal(dem[2].After, &after); err != nil || !sameDEMInfo(after, *repl) {
			t.Errorf("audit after = %s (%v), want %+v", dem[2].After, err, *repl)
		}
	}},
	{"Errors", func(t *testing.T, s data.Store) {
		ds := s
		if _, _, err := ds.LoadDEM(t.Context(), "missing"); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("LoadDEM(missing) = %v, want ErrNotFound", err)
		}
		g := demFixture(t, 2, 2, 111, func(i int) float32 { return float32(i) })
		for name, c := range map[string]struct {
			info *data.DEMInfo
			g    *raster.Grid
		}{
			"bad name": {&data.DEMInfo{Name: "a b", CreatedBy: "x"}, g},
			"no actor": {&data.DEMInfo{Name: "ok"}, g},
			"nil grid": {&data.DEMInfo{Name: "ok", CreatedBy: "x"}, nil},
		} {
			if err := ds.PutDEM(t.Context(), c.info, c.g); !errors.Is(err, geo.ErrInvalid) {
				t.Errorf("%s: PutDEM = %v, want geo.ErrInvalid", name, err)
			}
		}
		if list, err := ds.DEMs(t.Context()); err != nil || len(list) != 0 {
			t.Errorf("DEMs after failed puts = %+v, %v; want none", list, err)
		}
		if log := auditLog(t, s); len(log) != 0 {
			t.Errorf("audit log after failed puts has %d entries, want 0", len(log))
		}
	}},
}

// sameDEMInfo compares records with CreatedAt to the millisecond.
func sameDEMInfo(got, want data.DEMInfo) bool {
	if !sameTime(got.CreatedAt, want.CreatedAt) {
		return false
	}
	got.CreatedAt = want.CreatedAt
	return slices.Equal(got.Sources, want.Sources) && reflect.DeepEqual(withoutSources(got), withoutSources(want))
}

func withoutSources(d data.DEMInfo) data.DEMInfo {
	d.Sources = nil
	return d
}
