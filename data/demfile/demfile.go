// Package demfile reads elevation models from disk for 'zonegate dem
// import' and 'analyse --dem': it finds the DEM files among paths
// (directories expand to the .hgt, .tif and .tiff files they hold), reads
// each by extension with geo/raster's readers, mosaics them and fills
// small voids. geo/raster itself does no I/O.
package demfile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/zonegate/zonegate/geo/raster"
)

// MaxVoidFill is the largest void region (in samples) Read fills
// after mosaicking: small SRTM gaps, not missing tiles.
const MaxVoidFill = 1000

// Find expands directories among paths into the elevation files they
// hold (.hgt, .tif, .tiff, sorted by name); other paths are kept as given.
func Find(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("dem: %w", err)
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return nil, fmt.Errorf("dem: %w", err)
		}
		var found []string
		for _, e := range entries {
			switch strings.ToLower(filepath.Ext(e.Name())) {
			case ".hgt", ".tif", ".tiff":
				if !e.IsDir() {
					found = append(found, filepath.Join(p, e.Name()))
				}
			}
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("dem: directory %s holds no .hgt, .tif or .tiff files", p)
		}
		slices.Sort(found)
		out = append(out, found...)
	}
	return out, nil
}

// Read reads DEM files by extension (.hgt as SRTM with the tile position
// from the file name, .tif/.tiff as GeoTIFF), mosaics them and fills small
// voids. It returns the grid and the number of samples filled. When
// progress is not nil, a line per step goes to it. A GeoTIFF may decode to
// at most raster.DefaultMaxDecodedBytes (ReadLimit).
func Read(paths []string, progress io.Writer) (*raster.Grid, int, error) {
	return ReadLimit(paths, raster.DefaultMaxDecodedBytes, progress)
}

// ReadLimit is Read refusing, with an error wrapping a
// *raster.DecodedSizeError, a GeoTIFF whose samples would decode to more
// than maxDecodedBytes; nothing is allocated for such a file.
func ReadLimit(paths []string, maxDecodedBytes int64, progress io.Writer) (*raster.Grid, int, error) {
	say := func(format string, args ...any) {
		if progress != nil {
			fmt.Fprintf(progress, format+"\n", args...)
		}
	}
	grids := make([]*raster.Grid, 0, len(paths))
	for i, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, 0, fmt.Errorf("dem: %w", err)
		}
		var g *raster.Grid
		switch ext := strings.ToLower(filepath.Ext(p)); ext {
		case ".hgt":
			g, err = raster.ReadHGT(filepath.Base(p), b)
		case ".tif", ".tiff":
			g, err = raster.ReadGeoTIFFLimit(b, maxDecodedBytes)
		default:
			return nil, 0, fmt.Errorf("dem %s: unknown extension %q (want .hgt, .tif or .tiff)", p, ext)
		}
		if err != nil {
			return nil, 0, fmt.Errorf("dem %s: %w", p, err)
		}
		say("read %d/%d %s: %d×%d samples", i+1, len(paths), filepath.Base(p), g.Width, g.Height)
		grids = append(grids, g)
	}
	g, err := raster.Mosaic(grids...)
	if err != nil {
		names := make([]string, len(paths))
		for i, p := range paths {
			names[i] = fmt.Sprintf("grid %d = %s", i, filepath.Base(p))
		}
		return nil, 0, fmt.Errorf("dem: %w (%s; mosaicked files must share one lattice: same cell size and aligned origins)",
			err, strings.Join(names, ", "))
	}
	if g.EPSG != 0 && g.EPSG != raster.EPSGWGS84 && g.EPSG != 4490 {
		return nil, 0, fmt.Errorf("dem: EPSG:%d is not geographic lon/lat (want 4326 or 4490)", g.EPSG)
	}
	if len(grids) > 1 {
		say("mosaic: %d×%d samples", g.Width, g.Height)
	}
	filled := raster.FillVoids(g, MaxVoidFill)
	say("filled %d void samples (regions up to %d samples)", filled, MaxVoidFill)
	return g, filled, nil
}
