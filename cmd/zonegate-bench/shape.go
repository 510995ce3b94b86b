package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// lookupShapes holds the first HTTP server's answer shape to GET
// /v1/zones/at for a point inside a zone, so every other server's answer
// can be held to it: a floor answering fewer fields would do less work
// than the server it is the floor of.
type lookupShapes struct {
	server string
	paths  []string
}

// same records answer's shape as the reference if there is none yet, and
// otherwise returns an error naming the fields answer has and the
// reference lacks, or the other way round. A nil answer (no point hit a
// zone) is not compared.
func (l *lookupShapes) same(server string, answer []byte) error {
	if answer == nil {
		return nil
	}
	paths, err := jsonPaths(answer)
	if err != nil {
		return fmt.Errorf("%s: GET /v1/zones/at answer: %w", server, err)
	}
	if l.paths == nil {
		l.server, l.paths = server, paths
		return nil
	}
	if slices.Equal(paths, l.paths) {
		return nil
	}
	return fmt.Errorf("GET /v1/zones/at ANSWERS DIFFER IN SHAPE: %s answers %s, %s %s",
		server, strings.Join(paths, " "), l.server, strings.Join(l.paths, " "))
}

// jsonPaths returns the sorted, distinct member paths of a JSON document:
// "zones[].id" for the id of any object in the array zones.
func jsonPaths(doc []byte) ([]string, error) {
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		return nil, err
	}
	set := map[string]bool{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, e := range v {
				p := k
				if prefix != "" {
					p = prefix + "." + k
				}
				set[p] = true
				walk(p, e)
			}
		case []any:
			for _, e := range v {
				walk(prefix+"[]", e)
			}
		}
	}
	walk("", v)
	paths := make([]string, 0, len(set))
	for p := range set {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return paths, nil
}
