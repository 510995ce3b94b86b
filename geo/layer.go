package geo

import (
	"fmt"
	"regexp"
	"time"

	"github.com/paulmach/orb"
)

// Kind says what a layer means to the rules and what geometry it holds.
type Kind string

// The layer kinds zonegate knows. The rules engine reacts to coal_ban and
// burn_ban; the analytics produce clean_heating_600m and kiln_relocation.
const (
	KindCoalBan          Kind = "coal_ban"           // 禁煤区
	KindBurnBan          Kind = "burn_ban"           // 高污染燃料禁燃区
	KindBuiltUp          Kind = "built_up"           // 城市建成区
	KindAdmin            Kind = "admin"              // administrative boundaries
	KindCleanHeating600m Kind = "clean_heating_600m" // area below 600 m in the core districts
	KindKilnRelocation   Kind = "kiln_relocation"    // brick-kiln relocation areas
	KindSewerNetwork     Kind = "sewer_network"      // sewer pipes or coverage areas
	KindSewerPlant       Kind = "sewer_plant"        // sewage treatment plants
	KindCoalRoute        Kind = "coal_route"         // designated coal-truck routes
	KindCheckpoint       Kind = "checkpoint"         // road inspection stations
	KindCustom           Kind = "custom"             // anything else
)

// Kinds lists every known kind in a stable order.
var Kinds = []Kind{
	KindCoalBan, KindBurnBan, KindBuiltUp, KindAdmin, KindCleanHeating600m,
	KindKilnRelocation, KindSewerNetwork, KindSewerPlant, KindCoalRoute,
	KindCheckpoint, KindCustom,
}

// GeometryClass is the family of geometry a layer accepts.
type GeometryClass string

// Geometry classes. ClassAny accepts any of the three.
const (
	ClassPolygon GeometryClass = "polygon" // Polygon or MultiPolygon
	ClassLine    GeometryClass = "line"    // LineString or MultiLineString
	ClassPoint   GeometryClass = "point"   // Point or MultiPoint
	ClassAny     GeometryClass = "any"
)

// ParseKind returns the kind named s, or an error listing the valid kinds.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", fmt.Errorf("unknown layer kind %q (want one of %v)", s, Kinds)
}

// GeometryClass returns the geometry family the kind holds.
// sewer_network may hold pipes (lines) or served areas (polygons).
func (k Kind) GeometryClass() GeometryClass {
	switch k {
	case KindCoalRoute:
		return ClassLine
	case KindCheckpoint, KindSewerPlant:
		return ClassPoint
	case KindSewerNetwork, KindCustom:
		return ClassAny
	default:
		return ClassPolygon
	}
}

// Layer is a named collection of zones of one kind.
type Layer struct {
	ID          string    `json:"id"`
	Kind        Kind      `json:"kind"`
	Title       string    `json:"title"`
	Description string    `json:"description,omitempty"`
	Revision    int64     `json:"revision"` // store revision of the layer's last change
	UpdatedAt   time.Time `json:"updated_at"`
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)

// ValidateID checks that s can serve as a layer or zone id: 1–64 characters of
// ASCII letters, digits, '_', '.', '-', starting with a letter or digit. Ids
// appear in URLs, so nothing needs escaping.
func ValidateID(s string) error {
	if !idPattern.MatchString(s) {
		return fmt.Errorf("%w: id %q must be 1-64 characters [A-Za-z0-9_.-] starting with a letter or digit", ErrInvalid, s)
	}
	return nil
}

// Validate checks the layer's id and kind.
func (l Layer) Validate() error {
	if err := ValidateID(l.ID); err != nil {
		return fmt.Errorf("layer: %w", err)
	}
	if _, err := ParseKind(string(l.Kind)); err != nil {
		return fmt.Errorf("layer %s: %w: %v", l.ID, ErrInvalid, err)
	}
	return nil
}

// Allows reports whether geometry g belongs to the class: Polygon and
// MultiPolygon to ClassPolygon, LineString and MultiLineString to
// ClassLine, Point and MultiPoint to ClassPoint, any of them to ClassAny.
// Collections and nil never do.
func (c GeometryClass) Allows(g orb.Geometry) bool {
	var own GeometryClass
	switch g.(type) {
	case orb.Polygon, orb.MultiPolygon:
		own = ClassPolygon
	case orb.LineString, orb.MultiLineString:
		own = ClassLine
	case orb.Point, orb.MultiPoint:
		own = ClassPoint
	default:
		return false
	}
	return c == own || c == ClassAny
}
