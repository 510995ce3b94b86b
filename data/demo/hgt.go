package demo

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/zonegate/zonegate/geo/raster"
)

// hgtVoid is the SRTM void value.
const hgtVoid = -32768

// WriteHGT writes DEM() as six SRTM3 .hgt tiles into dir (created if
// missing): N35E110.hgt … N36E112.hgt, each 1201×1201 big-endian int16
// samples, row 0 at the north, neighbouring tiles repeating their shared
// edge row or column. raster.ReadHGT and raster.Mosaic read them back into
// a grid equal to DEM(). It returns the paths written, south to north and
// west to east. Existing files of the same names are replaced.
func WriteHGT(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("demo: dem directory: %w", err)
	}
	g := DEM()
	var paths []string
	for lat := demLatMin; lat < demLatMax; lat++ {
		for lon := demLonMin; lon < demLonMax; lon++ {
			name := fmt.Sprintf("N%02dE%03d.hgt", lat, lon)
			path := filepath.Join(dir, name)
			if err := os.WriteFile(path, hgtTile(g, lon, lat), 0o644); err != nil {
				return paths, fmt.Errorf("demo: write %s: %w", name, err)
			}
			paths = append(paths, path)
		}
	}
	return paths, nil
}

// hgtTile encodes the 1°×1° tile of g whose south-west corner is (lon,
// lat). g must be DEM()'s lattice and cover the tile.
func hgtTile(g *raster.Grid, lon, lat int) []byte {
	const side = DEMCellsPerDegree + 1
	c0 := (lon - demLonMin) * DEMCellsPerDegree
	r0 := (demLatMax - lat - 1) * DEMCellsPerDegree
	buf := make([]byte, 2*side*side)
	for r := range side {
		src := g.Data[(r0+r)*g.Width+c0:]
		for c := range side {
			v := int16(hgtVoid)
			if x := src[c]; !math.IsNaN(float64(x)) {
				v = int16(max(-32767, min(32767, x)))
			}
			binary.BigEndian.PutUint16(buf[2*(r*side+c):], uint16(v))
		}
	}
	return buf
}
