package raster

import (
	"fmt"
	"math"
)

// GeoKeys this reader needs, and their values (GeoTIFF 1.1, OGC 19-008r4).
const (
	keyModelType       = 1024 // GTModelTypeGeoKey
	keyRasterType      = 1025 // GTRasterTypeGeoKey
	keyGeographicType  = 2048 // GeodeticCRSGeoKey / GeographicTypeGeoKey
	keyProjectedType   = 3072 // ProjectedCRSGeoKey
	modelProjected     = 1
	modelGeographic    = 2
	rasterPixelIsArea  = 1
	rasterPixelIsPoint = 2
	userDefined        = 32767
)

// georef is the affine placement of a north-up image.
type georef struct {
	x0, y0       float64 // model position of raster point (0, 0)
	dx, dy       float64 // cell size; y decreases by dy per row
	pixelIsPoint bool
	epsg         int
}

// readGeoref reads the GeoKeyDirectory and the placement tags.
func readGeoref(d *tiffIFD) (georef, error) {
	keys, err := geoKeys(d)
	if err != nil {
		return georef{}, err
	}
	var g georef
	switch keys[keyModelType] {
	case modelGeographic:
		if c := keys[keyGeographicType]; c != 0 && c != userDefined {
			g.epsg = c
		}
	case modelProjected:
		return georef{}, fmt.Errorf("%w: tiff: projected CRS EPSG:%d; only geographic (lon/lat) GeoTIFFs are supported — reproject, e.g. gdalwarp -t_srs EPSG:4326", ErrFormat, keys[keyProjectedType])
	case 0:
		return georef{}, fmt.Errorf("%w: tiff: GeoKeyDirectory has no GTModelTypeGeoKey, so the CRS is unknown", ErrFormat)
	default:
		return georef{}, fmt.Errorf("%w: tiff: model type %d is not geographic (2)", ErrFormat, keys[keyModelType])
	}
	switch keys[keyRasterType] {
	case 0, rasterPixelIsArea:
	case rasterPixelIsPoint:
		g.pixelIsPoint = true
	default:
		return georef{}, fmt.Errorf("%w: tiff: raster type %d is neither PixelIsArea nor PixelIsPoint", ErrFormat, keys[keyRasterType])
	}
	scale, err1 := d.floats(tagModelPixelScale)
	ties, err2 := d.floats(tagModelTiepoint)
	mat, err3 := d.floats(tagModelTransform)
	for _, err := range []error{err1, err2, err3} {
		if err != nil {
			return georef{}, err
		}
	}
	switch {
	case len(mat) >= 16:
		if mat[1] != 0 || mat[4] != 0 {
			return georef{}, fmt.Errorf("%w: tiff: rotated or sheared ModelTransformation is not supported", ErrFormat)
		}
		g.x0, g.y0, g.dx, g.dy = mat[3], mat[7], mat[0], -mat[5]
	case len(scale) >= 2 && len(ties) >= 6:
		if len(ties) > 6 {
			return georef{}, fmt.Errorf("%w: tiff: %d tiepoints (ground control points) are not supported", ErrFormat, len(ties)/6)
		}
		g.dx, g.dy = scale[0], scale[1]
		g.x0, g.y0 = ties[3]-ties[0]*g.dx, ties[4]+ties[1]*g.dy
	default:
		return georef{}, fmt.Errorf("%w: tiff: no georeferencing (need ModelPixelScale + ModelTiepoint or ModelTransformation)", ErrFormat)
	}
	if !(g.dx > 0 && g.dy > 0) || math.IsInf(g.dx, 0) || math.IsInf(g.dy, 0) {
		return georef{}, fmt.Errorf("%w: tiff: cell size %g×%g; only north-up images with positive cell sizes are supported", ErrFormat, g.dx, g.dy)
	}
	return g, nil
}

// geoKeys returns the SHORT-valued keys of the GeoKeyDirectory.
func geoKeys(d *tiffIFD) (map[int]int, error) {
	dir, err := d.uints(tagGeoKeyDirectory)
	if err != nil {
		return nil, err
	}
	if len(dir) < 4 {
		return nil, fmt.Errorf("%w: tiff: no GeoKeyDirectory; not a GeoTIFF", ErrFormat)
	}
	n := int(dir[3])
	if 4+4*n > len(dir) {
		return nil, fmt.Errorf("%w: tiff: GeoKeyDirectory lists %d keys but holds %d", ErrFormat, n, (len(dir)-4)/4)
	}
	keys := make(map[int]int, n)
	for i := range n {
		e := dir[4+4*i:]
		if e[1] == 0 { // value stored in the entry itself
			keys[int(e[0])] = int(e[3])
		}
	}
	return keys, nil
}
