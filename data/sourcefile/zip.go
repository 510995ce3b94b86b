package sourcefile

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"path"
	"strings"
)

// maxZipMembers caps the entries of a zip Read looks at.
const maxZipMembers = 1000

// unzip returns the files a zip holds (directories and macOS resource
// forks skipped), refusing more than maxBytes unpacked in total; each
// member is read through a limited reader, so a zip bomb stops at the cap
// whatever its headers claim.
func unzip(b []byte, maxBytes int64) ([]File, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, fmt.Errorf("%w: not a zip file: %v", ErrFormat, err)
	}
	if len(zr.File) > maxZipMembers {
		return nil, fmt.Errorf("%w: the zip holds %d entries, more than %d", ErrFormat, len(zr.File), maxZipMembers)
	}
	var files []File
	left := maxBytes
	for _, f := range zr.File {
		name := f.Name
		if strings.HasSuffix(name, "/") || strings.HasPrefix(name, "__MACOSX/") || strings.HasPrefix(path.Base(name), "._") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("%w: zip entry %s: %v", ErrFormat, name, err)
		}
		data, err := io.ReadAll(io.LimitReader(rc, left+1))
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("%w: zip entry %s: %v", ErrFormat, name, err)
		}
		left -= int64(len(data))
		if left < 0 {
			return nil, fmt.Errorf("%w: the zip unpacks to more than %d bytes", ErrFormat, maxBytes)
		}
		files = append(files, File{Name: path.Base(name), Data: data})
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%w: the zip is empty", ErrFormat)
	}
	return preferShapefile(files), nil
}

// preferShapefile keeps the first Shapefile's siblings when a zip holds a
// Shapefile (several: the first by name), else all files with the first
// supported one first.
func preferShapefile(files []File) []File {
	var base string
	for _, f := range files {
		if strings.EqualFold(path.Ext(f.Name), ".shp") {
			b := strings.TrimSuffix(f.Name, path.Ext(f.Name))
			if base == "" || b < base {
				base = b
			}
		}
	}
	if base == "" {
		for i, f := range files {
			switch strings.ToLower(path.Ext(f.Name)) {
			case ".geojson", ".json", ".gpkg", ".kml", ".csv":
				files[0], files[i] = files[i], files[0]
				return files
			}
		}
		return files
	}
	var kept []File
	for _, f := range files {
		if strings.EqualFold(strings.TrimSuffix(f.Name, path.Ext(f.Name)), base) {
			kept = append(kept, f)
		}
	}
	return kept
}

// zipHasKML reports whether b is a zip holding a .kml (a KMZ).
func zipHasKML(b []byte) bool {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return false
	}
	for i, f := range zr.File {
		if i == maxZipMembers {
			break
		}
		if strings.EqualFold(path.Ext(f.Name), ".kml") {
			return true
		}
	}
	return false
}
