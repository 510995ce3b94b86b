package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// modeNames are the names --modes accepts: the mode's kind and, for the
// one-per-request modes, its connections.
var modeNames = []string{"lookup1", "lookup32", "check1", "check32", "batch", "stream"}

// name is the mode's name for --modes.
func (m mode) name() string {
	switch m.kind {
	case modeGet:
		return "lookup" + strconv.Itoa(m.conns)
	case modeCheck:
		return "check" + strconv.Itoa(m.conns)
	}
	return m.kind
}

// parseModes parses --modes: nil (every mode) for "", else the set named.
func parseModes(s string) (map[string]bool, error) {
	if s == "" {
		return nil, nil
	}
	only := map[string]bool{}
	for _, n := range strings.Split(s, ",") {
		n = strings.TrimSpace(n)
		if !slices.Contains(modeNames, n) {
			return nil, fmt.Errorf("--modes: unknown mode %q, want some of %s", n, strings.Join(modeNames, ","))
		}
		only[n] = true
	}
	return only, nil
}
