package crs

import (
	"fmt"
	"strconv"
)

// WKT returns the OGC WKT 1 definition of s as GDAL 3.6 exports it (without
// AXIS, so coordinates are read longitude/easting first), for a .prj or a
// GeoPackage spatial reference: EPSG:4326, 4490, 3857 and the CGCS2000
// Gauss–Krüger zones 4491–4554. It returns "" for systems without an EPSG
// definition: GCJ-02, BD-09, transverse Mercator definitions matching no
// code and the legacy aliases of 3857 (900913, 3785, 102100, 102113).
func (s System) WKT() string {
	switch {
	case s.Code == 4326:
		return wgs84WKT
	case s.Code == 4490:
		return cgcs2000WKT
	case s.Code == 3857:
		return webMercatorWKT
	case s.kind == kindTM && s.Code >= FirstGaussKruger && s.Code <= LastGaussKruger:
		return fmt.Sprintf(`PROJCS["%s",%s,PROJECTION["Transverse_Mercator"],`+
			`PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",%g],PARAMETER["scale_factor",1],`+
			`PARAMETER["false_easting",%s],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],`+
			`AUTHORITY["EPSG","%d"]]`, s.Name, cgcs2000WKT, s.tm.p.Lon0,
			strconv.FormatFloat(s.tm.p.FalseEasting, 'f', -1, 64), s.Code)
	}
	return ""
}

// OGC WKT 1 definitions, as GDAL 3.6 exports them (without AXIS).
const (
	wgs84WKT = `GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],` +
		`AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],` +
		`UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]`
	cgcs2000WKT = `GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",` +
		`SPHEROID["CGCS2000",6378137,298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],` +
		`PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],` +
		`AUTHORITY["EPSG","4490"]]`
	webMercatorWKT = `PROJCS["WGS 84 / Pseudo-Mercator",` + wgs84WKT + `,PROJECTION["Mercator_1SP"],` +
		`PARAMETER["central_meridian",0],PARAMETER["scale_factor",1],PARAMETER["false_easting",0],` +
		`PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],` +
		`EXTENSION["PROJ4","+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs"],` +
		`AUTHORITY["EPSG","3857"]]`
)
