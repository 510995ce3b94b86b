package main

import (
	"bytes"
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The layout README's Layout section promises, checked from the tree: the
// floors import only downwards, services know no HTTP, and no package grows
// past what one reader can hold.
const (
	module          = "github.com/zonegate/zonegate/"
	maxPackageLines = 3500 // non-test lines per package
)

// forbidden lists, per floor, the project folders it must not import.
var forbidden = map[string][]string{
	"geo/":   {"api", "data", "tiles", "cmd"}, // the domain and its algorithms: no I/O, no store
	"tiles/": {"api", "data", "cmd"},          // rendering reads the index, not the store
	"data/":  {"api", "tiles", "cmd"},         // storage knows nothing of HTTP handlers or tiles
	"api/":   {"cmd"},
}

func TestLayout(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	var seen int
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "testdata") {
			return filepath.SkipDir
		}
		pkg, err := build.ImportDir(path, 0)
		if err != nil {
			return nil // no Go files here
		}
		rel := filepath.ToSlash(strings.TrimPrefix(path, root+string(filepath.Separator)))
		seen++
		checkPackage(t, path, rel+"/", pkg)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 20 {
		t.Fatalf("walked %d packages from %s: not the repository", seen, root)
	}
}

func checkPackage(t *testing.T, dir, rel string, pkg *build.Package) {
	t.Helper()
	switch pkg.Name {
	case "util", "utils", "common", "helpers", "misc":
		t.Errorf("%s: package %s says nothing of its job", rel, pkg.Name)
	}
	for floor, banned := range forbidden {
		if !strings.HasPrefix(rel, floor) {
			continue
		}
		for _, imp := range pkg.Imports {
			for _, b := range banned {
				if strings.HasPrefix(imp, module+b+"/") || imp == module+b {
					t.Errorf("%s imports %s: %s must not depend on %s/", rel, imp, floor, b)
				}
			}
		}
	}
	if rel == "api/live/" {
		for _, imp := range pkg.Imports {
			if imp == "net/http" {
				t.Errorf("api/live imports net/http: the tracking service must know no HTTP")
			}
		}
	}
	lines := 0
	for _, f := range pkg.GoFiles {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		lines += bytes.Count(b, []byte("\n"))
	}
	if lines > maxPackageLines {
		t.Errorf("%s has %d non-test lines, more than %d: split it", rel, lines, maxPackageLines)
	}
}
