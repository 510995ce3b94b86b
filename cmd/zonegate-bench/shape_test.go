package main

import (
	"slices"
	"strings"
	"testing"
)

func TestJSONPaths(t *testing.T) {
	got, err := jsonPaths([]byte(`{"point":[1,2],"at":"x","zones":[{"layer":"a","id":"1"},{"layer":"a","name":"n"}],"n":null}`))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"at", "n", "point", "zones", "zones[].id", "zones[].layer", "zones[].name"}
	if !slices.Equal(got, want) {
		t.Fatalf("jsonPaths = %q, want %q", got, want)
	}
	if _, err := jsonPaths([]byte(`{"zones":[`)); err == nil {
		t.Fatal("jsonPaths of a torn document: no error")
	}
}

func TestLookupShapes(t *testing.T) {
	var l lookupShapes
	if err := l.same("floor", nil); err != nil {
		t.Fatalf("no answer yet: %v", err)
	}
	if err := l.same("floor", []byte(`{"point":[1,2],"zones":[{"layer":"a","id":"1"}]}`)); err != nil {
		t.Fatalf("reference: %v", err)
	}
	if err := l.same("zonegate", []byte(`{"zones":[{"id":"2","layer":"b"}],"point":[3,4]}`)); err != nil {
		t.Fatalf("same fields in another order: %v", err)
	}
	err := l.same("zonegate", []byte(`{"point":[1,2],"zones":[{"layer":"a","id":"1","name":"n"}]}`))
	if err == nil || !strings.Contains(err.Error(), "DIFFER IN SHAPE") || !strings.Contains(err.Error(), "zones[].name") {
		t.Fatalf("an extra field: err = %v", err)
	}
}
