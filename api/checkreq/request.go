// Package checkreq is the body of a coal-truck check (POST
// /v1/checks/coal-truck): its type and its decoding. Decode reads the
// usual well-formed body with a hand-written parser and hands anything
// else to encoding/json (wire.DecodeJSON), so every body decodes to what
// encoding/json makes of it and every 4xx is encoding/json's, byte for
// byte; the parser is compared with encoding/json by a fuzz test.
package checkreq

// Request is the body of POST /v1/checks/coal-truck (DESIGN.md).
type Request struct {
	Position    []float64   `json:"position,omitempty"`
	Route       *Route      `json:"route,omitempty"`
	At          string      `json:"at,omitempty"`
	CRS         string      `json:"crs,omitempty"`
	Cargo       Cargo       `json:"cargo"`
	Documents   Documents   `json:"documents"`
	Destination Destination `json:"destination"`
	Plate       string      `json:"plate,omitempty"`
	Station     string      `json:"station,omitempty"`
}

// Route is the truck's route, a GeoJSON LineString as sent.
type Route struct {
	Type        string      `json:"type"`
	Coordinates [][]float64 `json:"coordinates"`
}

// Cargo is what the truck carries; the percentages are nil when not sent.
type Cargo struct {
	Fuel        string   `json:"fuel"`
	SulfurPct   *float64 `json:"sulfur_pct,omitempty"`
	AshPct      *float64 `json:"ash_pct,omitempty"`
	VolatilePct *float64 `json:"volatile_pct,omitempty"`
}

// Documents are the papers the truck carries.
type Documents struct {
	SupplyContract bool `json:"supply_contract"`
	QualityReport  bool `json:"quality_report"`
}

// Destination is where the cargo goes.
type Destination struct {
	Category string `json:"category"`
}
