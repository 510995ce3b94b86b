package rules

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// checkShape walks a document decoded with UseNumber alongside the Go type it
// will be decoded into and returns the first mismatch, naming its JSON path
// (e.g. "versions[0].coal_ban.zone_kinds[2]"). Object keys must equal a
// field's json name exactly (encoding/json would also accept other cases).
// Every value may be null, which leaves the field at its zero value.
func checkShape(v any, t reflect.Type, path string) error {
	if v == nil {
		return nil
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return shapeErr(path, "an object", v)
		}
		for _, key := range sortedKeys(obj) {
			f, ok := fieldByJSONName(t, key)
			if !ok {
				return fmt.Errorf("%s: unknown field", joinPath(path, key))
			}
			if err := checkShape(obj[key], f.Type, joinPath(path, key)); err != nil {
				return err
			}
		}
	case reflect.Map:
		obj, ok := v.(map[string]any)
		if !ok {
			return shapeErr(path, "an object", v)
		}
		for _, key := range sortedKeys(obj) {
			if err := checkShape(obj[key], t.Elem(), joinPath(path, key)); err != nil {
				return err
			}
		}
	case reflect.Slice:
		arr, ok := v.([]any)
		if !ok {
			return shapeErr(path, "an array", v)
		}
		for i, e := range arr {
			if err := checkShape(e, t.Elem(), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	case reflect.String:
		if _, ok := v.(string); !ok {
			return shapeErr(path, "a string", v)
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			return shapeErr(path, "true or false", v)
		}
	case reflect.Float64:
		n, ok := v.(json.Number)
		if !ok {
			return shapeErr(path, "a number", v)
		}
		if _, err := n.Float64(); err != nil {
			return fmt.Errorf("%s: number %s is out of range", path, n)
		}
	default:
		return fmt.Errorf("%s: internal error: unsupported field type %s", path, t)
	}
	return nil
}

func shapeErr(path, want string, got any) error {
	var kind string
	switch got.(type) {
	case map[string]any:
		kind = "an object"
	case []any:
		kind = "an array"
	case string:
		kind = "a string"
	case bool:
		kind = "a boolean"
	case json.Number:
		kind = "a number"
	default:
		kind = fmt.Sprintf("%T", got)
	}
	return fmt.Errorf("%s: want %s, got %s", rootName(path), want, kind)
}

func rootName(path string) string {
	if path == "" {
		return "(document)"
	}
	return path
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func fieldByJSONName(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag != "" && tag != "-" && tag == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	// Sorted so the first error reported is the same on every run.
	slices.Sort(keys)
	return keys
}
