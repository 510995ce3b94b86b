package raster

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// SRTM .hgt sizes: 1″ tiles have 3601 samples per side, 3″ tiles 1201.
// Neighbouring tiles repeat their shared edge row or column.
const (
	hgtSide1 = 3601
	hgtSide3 = 1201
	hgtVoid  = -32768
)

// hgtName matches the tile name at the start of a file name: N36E111,
// s08w071 and so on, case-insensitive; any suffix (".hgt",
// ".SRTMGL1.hgt") may follow.
var hgtName = regexp.MustCompile(`^([NnSs])(\d{2})([EeWw])(\d{3})`)

// ReadHGT decodes an SRTM .hgt tile. name is the file's name (a path is
// fine; only its last element is used) and gives the tile's south-west
// corner: "N36E111.hgt" covers longitude 111…112, latitude 36…37; S and W
// are negative. data must hold exactly 3601² (1″) or 1201² (3″) big-endian
// int16 samples, row 0 at the north.
//
// SRTM is pixel-is-point: the first sample lies exactly on the tile's NW
// corner (111°E, 37°N above) and the last on its SE corner, so X0/Y0 are
// the corner and DX = DY = 1/3600° (or 1/1200°). Voids (−32768) become NaN.
// The grid's EPSG is 4326. Errors wrap ErrFormat.
func ReadHGT(name string, data []byte) (*Grid, error) {
	lon, lat, err := parseHGTName(name)
	if err != nil {
		return nil, err
	}
	var side int
	switch len(data) {
	case 2 * hgtSide1 * hgtSide1:
		side = hgtSide1
	case 2 * hgtSide3 * hgtSide3:
		side = hgtSide3
	default:
		return nil, fmt.Errorf("%w: hgt %s: %d bytes, want %d (1″, 3601²×2) or %d (3″, 1201²×2)",
			ErrFormat, name, len(data), 2*hgtSide1*hgtSide1, 2*hgtSide3*hgtSide3)
	}
	step := 1 / float64(side-1)
	g := &Grid{
		Width: side, Height: side,
		X0: float64(lon), Y0: float64(lat + 1),
		DX: step, DY: step,
		EPSG: EPSGWGS84,
		Data: make([]float32, side*side),
	}
	nan := float32(math.NaN())
	for i := range g.Data {
		v := int16(uint16(data[2*i])<<8 | uint16(data[2*i+1]))
		if v == hgtVoid {
			g.Data[i] = nan
		} else {
			g.Data[i] = float32(v)
		}
	}
	return g, nil
}

// parseHGTName returns the south-west corner encoded in an .hgt file name.
func parseHGTName(name string) (lon, lat int, err error) {
	base := name
	if i := strings.LastIndexAny(base, `/\`); i >= 0 {
		base = base[i+1:]
	}
	m := hgtName.FindStringSubmatch(base)
	if m == nil {
		return 0, 0, fmt.Errorf("%w: hgt file name %q does not start with a tile name like N36E111", ErrFormat, name)
	}
	lat, _ = strconv.Atoi(m[2])
	lon, _ = strconv.Atoi(m[4])
	if strings.EqualFold(m[1], "S") {
		lat = -lat
	}
	if strings.EqualFold(m[3], "W") {
		lon = -lon
	}
	if lat < -90 || lat > 89 || lon < -180 || lon > 179 {
		return 0, 0, fmt.Errorf("%w: hgt file name %q: tile corner %d, %d out of range", ErrFormat, name, lon, lat)
	}
	return lon, lat, nil
}
