package rules_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zonegate/zonegate/geo/rules"
)

// mutated returns the default rules file after edit has changed its decoded
// form.
func mutated(t testing.TB, edit func(doc map[string]any)) string {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(rules.DefaultJSON(), &doc); err != nil {
		t.Fatal(err)
	}
	edit(doc)
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Accessors into the decoded default file.
func ver(doc map[string]any, i int) map[string]any {
	return doc["versions"].([]any)[i].(map[string]any)
}
func std(doc map[string]any, i int) map[string]any {
	return ver(doc, 0)["fuel_standards"].([]any)[i].(map[string]any)
}
func coalLimit(doc map[string]any, s, i int) map[string]any {
	return std(doc, s)["limits"].(map[string]any)["coal"].([]any)[i].(map[string]any)
}
func obj(doc map[string]any, key string) map[string]any {
	return ver(doc, 0)[key].(map[string]any)
}

func TestLoadDefault(t *testing.T) {
	rs, err := rules.Load(strings.NewReader(string(rules.DefaultJSON())))
	if err != nil {
		t.Fatalf("default rules: %v", err)
	}
	cst := time.FixedZone("", 8*3600)
	want := []rules.VersionInfo{{Version: "linfen-2020.1",
		EffectiveFrom: time.Date(2020, 4, 24, 0, 0, 0, 0, cst)}}
	got := rs.Versions()
	if len(got) != 1 || got[0].Version != want[0].Version || !got[0].EffectiveFrom.Equal(want[0].EffectiveFrom) || !got[0].EffectiveTo.Equal(want[0].EffectiveTo) {
		t.Errorf("versions %+v, want %+v", got, want)
	}
}

// TestLoadErrors: every bad file is rejected with an error naming the path.
func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, file, want string
	}{
		{"empty", "", "rules: empty file"},
		{"truncated", `{"schema":`, "rules: unexpected end of file"},
		{"syntax error with position", "{\n  \"schema\": }", "rules: line 2, column 13: invalid character '}' looking for beginning of value"},
		{"trailing data", mutated(t, func(map[string]any) {}) + ` {}`, "rules: unexpected data after the JSON document at offset"},
		{"not an object", `[]`, "rules: (document): want an object, got an array"},
		{"unknown top-level field", mutated(t, func(d map[string]any) { d["rule"] = 1 }), "rules: rule: unknown field"},
		{"field with wrong case", mutated(t, func(d map[string]any) { d["Schema"] = d["schema"] }), "rules: Schema: unknown field"},
		{"unknown nested field", mutated(t, func(d map[string]any) { obj(d, "coal_ban")["exempt"] = []any{} }),
			"rules: versions[0].coal_ban.exempt: unknown field"},
		{"unknown limit field", mutated(t, func(d map[string]any) { coalLimit(d, 0, 1)["inclusive"] = true }),
			"rules: versions[0].fuel_standards[0].limits.coal[1].inclusive: unknown field"},
		{"list given as string", mutated(t, func(d map[string]any) { ver(d, 0)["coal_products"] = "coal" }),
			"rules: versions[0].coal_products: want an array, got a string"},
		{"limit given as string", mutated(t, func(d map[string]any) { coalLimit(d, 0, 0)["limit"] = "0.5" }),
			"rules: versions[0].fuel_standards[0].limits.coal[0].limit: want a number, got a string"},
		{"number out of range", strings.Replace(string(rules.DefaultJSON()), `"limit": 10,`, `"limit": 1e999,`, 1),
			"rules: versions[0].fuel_standards[0].limits.coal[1].limit: number 1e999 is out of range"},
		{"wrong schema", mutated(t, func(d map[string]any) { d["schema"] = "zonegate.rules/v2" }),
			`rules: schema: "zonegate.rules/v2" is not supported (want "zonegate.rules/v1")`},
		{"negative limit", mutated(t, func(d map[string]any) { coalLimit(d, 0, 0)["limit"] = -0.5 }),
			"rules: versions[0].fuel_standards[0].limits.coal[0].limit: -0.5 must be a percentage in [0, 100]"},
		{"limit over 100", mutated(t, func(d map[string]any) { coalLimit(d, 1, 1)["limit"] = 100.5 }),
			"rules: versions[0].fuel_standards[1].limits.coal[1].limit: 100.5 must be a percentage in [0, 100]"},
		{"missing limit", mutated(t, func(d map[string]any) { delete(coalLimit(d, 0, 0), "limit") }),
			"rules: versions[0].fuel_standards[0].limits.coal[0].limit: required"},
		{"bad at_limit", mutated(t, func(d map[string]any) { coalLimit(d, 1, 0)["at_limit"] = "inclusive" }),
			`rules: versions[0].fuel_standards[1].limits.coal[0].at_limit: "inclusive" (want "allowed" or "banned")`},
		{"unknown measure", mutated(t, func(d map[string]any) { coalLimit(d, 0, 0)["measure"] = "moisture_pct" }),
			`rules: versions[0].fuel_standards[0].limits.coal[0].measure: unknown measurement "moisture_pct" (want sulfur_pct, ash_pct or volatile_pct)`},
		{"repeated measure", mutated(t, func(d map[string]any) { coalLimit(d, 0, 1)["measure"] = "sulfur_pct" }),
			`rules: versions[0].fuel_standards[0].limits.coal[1].measure: "sulfur_pct" is listed twice`},
		{"limits for unknown fuel", mutated(t, func(d map[string]any) { std(d, 0)["limits"].(map[string]any)["wood"] = []any{} }),
			`rules: versions[0].fuel_standards[0].limits.wood: "wood" is not a coal product (want one of [coal briquette coke semi_coke])`},
		{"empty limit list", mutated(t, func(d map[string]any) { std(d, 0)["limits"].(map[string]any)["coke"] = []any{} }),
			"rules: versions[0].fuel_standards[0].limits.coke: at least one limit is required (omit the fuel instead)"},
		{"unknown exempt destination", mutated(t, func(d map[string]any) { obj(d, "coal_ban")["exempt_destinations"] = []any{"coal_power", "hospital"} }),
			`rules: versions[0].coal_ban.exempt_destinations[1]: unknown destination "hospital" (want one of [coal_power central_heating raw_material residential business other])`},
		{"repeated destination", mutated(t, func(d map[string]any) { std(d, 1)["destinations"] = []any{"residential", "residential"} }),
			`rules: versions[0].fuel_standards[1].destinations[1]: "residential" is listed twice`},
		{"no destinations", mutated(t, func(d map[string]any) { std(d, 1)["destinations"] = []any{} }),
			"rules: versions[0].fuel_standards[1].destinations: at least one destination is required"},
		{"unknown zone kind", mutated(t, func(d map[string]any) { obj(d, "burn_ban_documents")["zone_kinds"] = []any{"burnban"} }),
			"rules: versions[0].burn_ban_documents.zone_kinds[0]: unknown layer kind \"burnban\" (want one of [coal_ban burn_ban built_up admin clean_heating_600m kiln_relocation sewer_network sewer_plant coal_route checkpoint custom])"},
		{"no zone kinds", mutated(t, func(d map[string]any) { obj(d, "coal_ban")["zone_kinds"] = nil }),
			"rules: versions[0].coal_ban.zone_kinds: at least one zone kind is required"},
		{"unknown document", mutated(t, func(d map[string]any) { obj(d, "burn_ban_documents")["required_documents"] = []any{"permit"} }),
			`rules: versions[0].burn_ban_documents.required_documents[0]: unknown document "permit" (want supply_contract or quality_report)`},
		{"no documents", mutated(t, func(d map[string]any) { obj(d, "burn_ban_documents")["required_documents"] = []any{} }),
			"rules: versions[0].burn_ban_documents.required_documents: at least one document is required (omit the rule to disable it)"},
		{"unknown coal product", mutated(t, func(d map[string]any) { ver(d, 0)["coal_products"] = []any{"coal", "peat"} }),
			`rules: versions[0].coal_products[1]: unknown fuel "peat" (want one of [none coal briquette coke semi_coke])`},
		{"none as coal product", mutated(t, func(d map[string]any) { ver(d, 0)["coal_products"] = []any{"none"} }),
			`rules: versions[0].coal_products[0]: "none" cannot be a coal product`},
		{"no citations", mutated(t, func(d map[string]any) { delete(obj(d, "coal_ban"), "citations") }),
			"rules: versions[0].coal_ban.citations: at least one citation is required"},
		{"citation of undeclared source", mutated(t, func(d map[string]any) {
			obj(d, "coal_ban")["citations"].([]any)[1].(map[string]any)["source"] = "beijing"
		}), `rules: versions[0].coal_ban.citations[1].source: "beijing" is not declared in sources`},
		{"citation without quote", mutated(t, func(d map[string]any) {
			std(d, 0)["citations"].([]any)[0].(map[string]any)["quote"] = ""
		}), "rules: versions[0].fuel_standards[0].citations[0].quote: required"},
		{"duplicate source", mutated(t, func(d map[string]any) { d["sources"] = append(d["sources"].([]any), d["sources"].([]any)[0]) }),
			`rules: sources[1].id: duplicate source id "linfen-sanmei-2020"`},
		{"bad issued date", mutated(t, func(d map[string]any) { d["sources"].([]any)[0].(map[string]any)["issued"] = "2020/04/24" }),
			`rules: sources[0].issued: "2020/04/24" is not a date YYYY-MM-DD`},
		{"no versions", mutated(t, func(d map[string]any) { d["versions"] = []any{} }), "rules: versions: at least one version is required"},
		{"missing version id", mutated(t, func(d map[string]any) { ver(d, 0)["version"] = "" }), "rules: versions[0].version: required"},
		{"effective_from without offset", mutated(t, func(d map[string]any) { ver(d, 0)["effective_from"] = "2020-08-01T00:00:00" }),
			`rules: versions[0].effective_from: "2020-08-01T00:00:00" is not an RFC 3339 time with offset`},
		{"effective_to before from", mutated(t, func(d map[string]any) { ver(d, 0)["effective_to"] = "2020-04-24T00:00:00+08:00" }),
			"rules: versions[0].effective_to: 2020-04-24T00:00:00+08:00 must be after effective_from 2020-04-24T00:00:00+08:00"},
		{"overlapping versions", mutated(t, func(d map[string]any) {
			v := clone(t, ver(d, 0))
			v["version"], v["effective_from"], v["effective_to"] = "later", "2021-03-31T00:00:00+08:00", nil
			d["versions"] = append(d["versions"].([]any), v)
		}), `rules: versions[1].effective_from: version "later" overlaps version "linfen-2020.1" (versions[0]); effective ranges [from, to) must be disjoint`},
		{"earlier open-ended version overlaps", mutated(t, func(d map[string]any) {
			v := clone(t, ver(d, 0))
			v["version"], v["effective_from"], v["effective_to"] = "open", "2019-01-01T00:00:00Z", nil
			d["versions"] = append(d["versions"].([]any), v)
		}), `rules: versions[0].effective_from: version "linfen-2020.1" overlaps version "open" (versions[1]); effective ranges [from, to) must be disjoint`},
		{"duplicate version id", mutated(t, func(d map[string]any) {
			v := clone(t, ver(d, 0))
			v["effective_from"], v["effective_to"] = "2022-01-01T00:00:00Z", nil
			d["versions"] = append(d["versions"].([]any), v)
		}), `rules: versions[1].version: duplicate version "linfen-2020.1" (also versions[0])`},
		{"duplicate rule id", mutated(t, func(d map[string]any) { std(d, 1)["rule"] = "coal_ban_entry" }),
			`rules: versions[0].fuel_standards[1].rule: duplicate rule id "coal_ban_entry" (also versions[0].coal_ban)`},
		{"standard both inside and outside", mutated(t, func(d map[string]any) { std(d, 0)["outside_zone_kinds"] = []any{"coal_ban"} }),
			"rules: versions[0].fuel_standards[0]: exactly one of inside_zone_kinds and outside_zone_kinds must be non-empty"},
		{"standard neither inside nor outside", mutated(t, func(d map[string]any) { delete(std(d, 1), "outside_zone_kinds") }),
			"rules: versions[0].fuel_standards[1]: exactly one of inside_zone_kinds and outside_zone_kinds must be non-empty"},
		{"bad missing_measurement", mutated(t, func(d map[string]any) { std(d, 0)["missing_measurement"] = "ignore" }),
			`rules: versions[0].fuel_standards[0].missing_measurement: "ignore" (want "note" or "deny")`},
		{"standard without name", mutated(t, func(d map[string]any) { std(d, 0)["name_en"] = nil }),
			"rules: versions[0].fuel_standards[0].name_en: required"},
		{"too large", `{"schema":"` + strings.Repeat("x", rules.MaxFileBytes) + `"}`, "rules: file exceeds 1048576 bytes"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rs, err := rules.Load(strings.NewReader(tc.file))
			if err == nil {
				t.Fatalf("Load succeeded (%d versions), want error %q", len(rs.Versions()), tc.want)
			}
			if err.Error() != tc.want && !(strings.HasSuffix(tc.want, "offset") && strings.HasPrefix(err.Error(), tc.want)) {
				t.Errorf("error\n got  %s\n want %s", err, tc.want)
			}
		})
	}
}

func clone(t testing.TB, v map[string]any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "rules.json")
	if err := os.WriteFile(good, rules.DefaultJSON(), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := rules.LoadFile(good); err != nil {
		t.Errorf("LoadFile(default copy): %v", err)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"schema":"zonegate.rules/v1","x":1}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := rules.LoadFile(bad); err == nil || err.Error() != bad+": rules: x: unknown field" {
		t.Errorf("LoadFile(bad) error %v", err)
	}
	if _, err := rules.LoadFile(filepath.Join(dir, "missing.json")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("LoadFile(missing) error %v", err)
	}
}
