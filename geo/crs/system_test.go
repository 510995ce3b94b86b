package crs_test

import (
	"errors"
	"fmt"
	"math"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/zonegate/zonegate/geo/crs"
)

// proj runs gdaltransform (PROJ) on pts from EPSG:from to EPSG:to, in the
// traditional GIS axis order (x = east/longitude).
func proj(t *testing.T, from, to int, pts []orb.Point) []orb.Point {
	t.Helper()
	var in strings.Builder
	for _, p := range pts {
		fmt.Fprintf(&in, "%.6f %.6f\n", p[0], p[1])
	}
	cmd := exec.Command("gdaltransform", "-s_srs", fmt.Sprintf("EPSG:%d", from), "-t_srs", fmt.Sprintf("EPSG:%d", to), "-output_xy")
	cmd.Stdin = strings.NewReader(in.String())
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("gdaltransform: %v", err)
	}
	var got []orb.Point
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		x, _ := strconv.ParseFloat(f[0], 64)
		y, _ := strconv.ParseFloat(f[1], 64)
		got = append(got, orb.Point{x, y})
	}
	if len(got) != len(pts) {
		t.Fatalf("gdaltransform returned %d points for %d", len(got), len(pts))
	}
	return got
}

func needGDAL(t *testing.T, tool string) {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		t.Skipf("%s not installed (apt-get install gdal-bin): the PROJ cross-check is skipped", tool)
	}
}

// metresApart is the distance between two lon/lat points, locally flat.
func metresApart(a, b orb.Point) float64 {
	const m = 111319.49
	return math.Hypot((a[0]-b[0])*m*math.Cos(a[1]*math.Pi/180), (a[1]-b[1])*m)
}

// TestGaussKrugerAgainstPROJ converts a grid of eastings/northings in
// every CGCS2000 Gauss–Krüger code (EPSG:4491–4554) and compares with
// PROJ's answer to EPSG:4490: within 1 mm everywhere.
func TestGaussKrugerAgainstPROJ(t *testing.T) {
	needGDAL(t, "gdaltransform")
	t.Parallel()
	worst := 0.0
	for code := 4491; code <= 4554; code++ {
		if testing.Short() && code%5 != 0 {
			continue // 64 gdaltransform runs take several seconds; -short samples them
		}
		s, err := crs.Lookup(code)
		if err != nil {
			t.Fatal(err)
		}
		prefix := 0.0
		if code < 4502 {
			prefix = float64(code-4491+13) * 1e6
		} else if code >= 4513 && code < 4534 {
			prefix = float64(code-4513+25) * 1e6
		}
		halfWidth := 250000.0 // 3° zone at 20°N is ±157 km; 6° ±314 km
		if code < 4513 {
			halfWidth = 320000
		}
		var grid []orb.Point
		for e := -halfWidth; e <= halfWidth; e += halfWidth / 4 {
			for n := 2.0e6; n <= 6.0e6; n += 0.5e6 {
				grid = append(grid, orb.Point{prefix + 500000 + e + 0.123, n + 0.456})
			}
		}
		want := proj(t, code, 4490, grid)
		for i, p := range grid {
			d := metresApart(s.ToWGS84(p), want[i])
			worst = max(worst, d)
			if d > 0.001 {
				t.Errorf("EPSG:%d %v: ours %v, PROJ %v: %.4f m apart", code, p, s.ToWGS84(p), want[i], d)
			}
		}
	}
	t.Logf("worst difference from PROJ : %.2e m", worst)
}

func TestWebMercatorAgainstPROJ(t *testing.T) {
	needGDAL(t, "gdaltransform")
	t.Parallel()
	s, err := crs.ParseSystem("EPSG:3857")
	if err != nil {
		t.Fatal(err)
	}
	var grid []orb.Point
	for x := 8e6; x <= 15e6; x += 1e6 {
		for y := 0.2e6; y <= 7.5e6; y += 0.8e6 {
			grid = append(grid, orb.Point{x + 0.5, y + 0.25})
		}
	}
	want := proj(t, 3857, 4326, grid)
	for i, p := range grid {
		if d := metresApart(s.ToWGS84(p), want[i]); d > 0.001 {
			t.Errorf("%v: ours %v, PROJ %v: %.4f m", p, s.ToWGS84(p), want[i], d)
		}
	}
}

// TestFromWKTOfEveryCode reads the ESRI WKT (as in a .prj, no authority
// code) and the OGC WKT 1 and WKT 2 GDAL writes for each supported code and
// gets the code back; for the local datums the error wraps ErrLocalDatum.
func TestFromWKTOfEveryCode(t *testing.T) {
	needGDAL(t, "gdalsrsinfo")
	t.Parallel()
	codes := []int{4326, 4490, 3857}
	for c := 4491; c <= 4554; c++ {
		codes = append(codes, c)
	}
	for i, code := range codes {
		formats := []string{"wkt_esri", "wkt1", "wkt2"}
		if testing.Short() && i%8 != 0 {
			continue // about 200 gdalsrsinfo runs take 40 s; -short samples them
		} else if i%4 != 0 {
			formats = formats[:1] // the ESRI form (a .prj) is matched by parameters; the others carry a code
		}
		for _, format := range formats {
			out, err := exec.Command("gdalsrsinfo", "-o", format, fmt.Sprintf("EPSG:%d", code)).Output()
			if err != nil {
				t.Fatal(err)
			}
			s, err := crs.FromWKT(string(out))
			if err != nil || s.Code != code {
				t.Errorf("EPSG:%d %s: got %v, %v", code, format, s, err)
			}
		}
	}
	for _, code := range []int{4214, 2401, 2420, 2380, 4610, 21415, 4555} {
		out, err := exec.Command("gdalsrsinfo", "-o", "wkt_esri", fmt.Sprintf("EPSG:%d", code)).Output()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := crs.FromWKT(string(out)); !errors.Is(err, crs.ErrLocalDatum) {
			t.Errorf("EPSG:%d: err %v, want ErrLocalDatum", code, err)
		}
	}
}

func TestParseSystem(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int{
		"EPSG:4546": 4546, "4546": 4546, "urn:ogc:def:crs:EPSG::4546": 4546, "epsg:4526": 4526,
		"http://www.opengis.net/def/crs/EPSG/0/4490": 4490, "urn:ogc:def:crs:OGC:1.3:CRS84": 4326,
		"wgs84": 4326, "cgcs2000": 4490, "gcj02": 0, "BD09": 0, "EPSG:900913": 900913,
	} {
		s, err := crs.ParseSystem(in)
		if err != nil || s.Code != want {
			t.Errorf("%q: %v %v, want code %d", in, s, err, want)
		}
	}
	for _, in := range []string{"EPSG:2401", "EPSG:4214", "EPSG:2380", "EPSG:4610", "21415"} {
		_, err := crs.ParseSystem(in)
		if !errors.Is(err, crs.ErrLocalDatum) || !strings.Contains(err.Error(), "seven-parameter") || !strings.Contains(err.Error(), "七参数") {
			t.Errorf("%q: %v", in, err)
		}
	}
	for _, in := range []string{"EPSG:32650", "EPSG:0", "", "mars", "EPSG:-4"} {
		if _, err := crs.ParseSystem(in); !errors.Is(err, crs.ErrUnknownSystem) {
			t.Errorf("%q: %v", in, err)
		}
	}
}

func TestGCJ02System(t *testing.T) {
	t.Parallel()
	s, _ := crs.ParseSystem("gcj02")
	wgs := orb.Point{111.5, 36.1}
	if got := s.ToWGS84(crs.FromWGS84(wgs, crs.GCJ02)); metresApart(got, wgs) > 0.001 {
		t.Errorf("gcj02 round trip %v", got)
	}
}

func TestCheckBoundAndHints(t *testing.T) {
	t.Parallel()
	s4546, _ := crs.Lookup(4546)
	prefixed := orb.Bound{Min: orb.Point{37554540, 4000000}, Max: orb.Point{37560000, 4001000}}
	err := s4546.CheckBound(prefixed)
	if err == nil || !strings.Contains(err.Error(), "zone prefix 37 (EPSG:4525)") {
		t.Errorf("4546 with prefixed eastings: %v", err)
	}
	if err := s4546.CheckBound(orb.Bound{Min: orb.Point{554540, 4e6}, Max: orb.Point{560000, 4.1e6}}); err != nil {
		t.Error(err)
	}
	s4525, _ := crs.Lookup(4525)
	if err := s4525.CheckBound(prefixed); err != nil {
		t.Error(err)
	}
	if err := s4525.CheckBound(orb.Bound{Min: orb.Point{554540, 4e6}, Max: orb.Point{560000, 4.1e6}}); err == nil || !strings.Contains(err.Error(), "no zone prefix") {
		t.Errorf("4525 without prefix: %v", err)
	}
	got := crs.LooksProjected(orb.Bound{Min: orb.Point{554540.81, 4e6}, Max: orb.Point{554540.81, 4e6}})
	if !strings.HasPrefix(got, "this looks like a projected CRS (eastings around 554541): pass --crs EPSG:45xx") {
		t.Errorf("hint %q", got)
	}
	if got := crs.LooksProjected(prefixed); !strings.Contains(got, "zone prefix 37: pass --crs EPSG:4525") {
		t.Errorf("hint %q", got)
	}
	if got := crs.LooksProjected(orb.Bound{Min: orb.Point{111, 36}, Max: orb.Point{112, 37}}); got != "" {
		t.Errorf("lon/lat hint %q", got)
	}
	wgs, _ := crs.Lookup(4326)
	if err := wgs.CheckBound(prefixed); err == nil || !strings.Contains(err.Error(), "projected") {
		t.Errorf("4326 with metres: %v", err)
	}
}

func FuzzFromWKT(f *testing.F) {
	f.Add(`PROJCS["CGCS2000_3_Degree_GK_CM_111E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",111.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`)
	f.Add(`GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]]]`)
	f.Add(`PROJCRS["x",BASEGEOGCRS["y",DATUM["China 2000"]],CONVERSION["c",METHOD["Transverse Mercator"],PARAMETER["False easting",38500000]],CS[Cartesian,2],ID["EPSG",4526]]`)
	f.Fuzz(func(t *testing.T, wkt string) {
		s, err := crs.FromWKT(wkt)
		if err == nil {
			_ = s.ToWGS84(orb.Point{500000, 4e6})
		}
	})
}

// FromWGS84 inverts ToWGS84 for the Gauss–Krüger zones and Web Mercator,
// and matches PROJ for Linfen: ogr2ogr -t_srs EPSG:4546 of POINT(111.5
// 36.1) writes 545025.0362 3996754.4176 (GDAL 3.6, PROJ 9.1).
func TestFromWGS84RoundTrip(t *testing.T) {
	t.Parallel()
	for _, code := range []int{4326, 4490, 3857, 4491, 4502, 4513, 4546, 4554} {
		s, err := crs.Lookup(code)
		if err != nil {
			t.Fatal(err)
		}
		p := orb.Point{111.5, 36.1}
		if code == 4491 || code == 4502 {
			p = orb.Point{75.5, 36.1}
		}
		if code == 4554 {
			p = orb.Point{134.5, 36.1}
		}
		if code == 4546 {
			if got := s.FromWGS84(p); math.Abs(got[0]-545025.0362) > 1e-3 || math.Abs(got[1]-3996754.4176) > 1e-3 {
				t.Errorf("EPSG:4546 of %v = %v, PROJ says 545025.0362 3996754.4176", p, got)
			}
		}
		back := s.ToWGS84(s.FromWGS84(p))
		if math.Abs(back[0]-p[0]) > 1e-9 || math.Abs(back[1]-p[1]) > 1e-9 {
			t.Errorf("EPSG:%d: %v -> %v -> %v", code, p, s.FromWGS84(p), back)
		}
	}
}
