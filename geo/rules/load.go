package rules

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"unicode/utf8"
)

//go:embed default_rules.json
var defaultRules []byte

// MaxFileBytes caps the size of a rules file Load accepts.
const MaxFileBytes = 1 << 20

// Default returns the rules shipped with zonegate (default_rules.json, the
// Linfen 2020 散煤 work plan), parsed afresh on every call so callers share no
// mutable state. It returns nil only if the embedded file is broken, which
// the package tests rule out.
func Default() *RuleSet {
	rs, err := Load(bytes.NewReader(defaultRules))
	if err != nil {
		return nil
	}
	return rs
}

// DefaultJSON returns a copy of the embedded default rules file, e.g. as a
// starting point for a custom one.
func DefaultJSON() []byte { return bytes.Clone(defaultRules) }

// LoadFile reads and validates the rules file at path. See Load.
func LoadFile(path string) (*RuleSet, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	defer f.Close()
	rs, err := Load(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rs, nil
}

// Load reads and validates a rules file (at most MaxFileBytes). It rejects
// malformed JSON, trailing data, unknown fields (keys are case-sensitive),
// values of the wrong type, unknown fuels, destinations, zone kinds,
// documents and measurements, repeated list entries, limits outside
// [0, 100], missing citations or citations of undeclared sources, rules
// without an id or with a duplicate one, and versions whose effective ranges
// are empty or overlap. Errors start with "rules: " and name the JSON path of
// the offending value, e.g.
// "rules: versions[0].fuel_standards[1].limits.coal[0].limit: -1 must be a percentage in [0, 100]".
func Load(r io.Reader) (*RuleSet, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("rules: read: %w", err)
	}
	if len(data) > MaxFileBytes {
		return nil, fmt.Errorf("rules: file exceeds %d bytes", MaxFileBytes)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("rules: %w", syntaxError(data, err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("rules: unexpected data after the JSON document at offset %d", dec.InputOffset())
	}
	if err := checkShape(raw, reflect.TypeFor[fileDoc](), ""); err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	var doc fileDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	rs, err := compile(&doc)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	return rs, nil
}

// syntaxError adds the line and column to a JSON syntax error.
func syntaxError(data []byte, err error) error {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		if errors.Is(err, io.EOF) {
			return errors.New("empty file")
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return errors.New("unexpected end of file")
		}
		return err
	}
	off := min(int(se.Offset), len(data))
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	// The offset is just past the offending byte; count characters, not
	// bytes, so the column matches an editor's.
	col := utf8.RuneCount(data[bytes.LastIndexByte(data[:off], '\n')+1 : off])
	return fmt.Errorf("line %d, column %d: %w", line, col, err)
}
