package rules

// This file declares the JSON shape of a rules file. Every struct here is
// decoded strictly: a key that is not a field (compared case-sensitively)
// is an error naming its path. "comment" keys are accepted and ignored so a
// file can explain itself.

// SchemaV1 is the value of "schema" in a rules file this package reads.
const SchemaV1 = "zonegate.rules/v1"

// fileDoc is the whole rules file.
type fileDoc struct {
	Schema   string        `json:"schema"`
	Comment  string        `json:"comment"`
	Sources  []fileSource  `json:"sources"`
	Versions []fileVersion `json:"versions"`
}

// fileSource is a legal document rules cite.
type fileSource struct {
	ID          string `json:"id"`
	Number      string `json:"number"` // 文号, e.g. 临政办发〔2020〕22号
	Issuer      string `json:"issuer"`
	Title       string `json:"title"`
	Issued      string `json:"issued"` // YYYY-MM-DD
	PublishedIn string `json:"published_in"`
	Comment     string `json:"comment"`
}

// fileCitation points at a clause of a source and quotes it.
type fileCitation struct {
	Source  string `json:"source"`
	Section string `json:"section"`
	Quote   string `json:"quote"`
}

// fileVersion is one rules version, in force in [effective_from,
// effective_to); a missing effective_to means "until further notice".
type fileVersion struct {
	Version          string         `json:"version"`
	EffectiveFrom    string         `json:"effective_from"`
	EffectiveTo      string         `json:"effective_to"`
	Comment          string         `json:"comment"`
	CoalProducts     []string       `json:"coal_products"`
	CoalBan          *fileCoalBan   `json:"coal_ban"`
	BurnBanDocuments *fileDocsRule  `json:"burn_ban_documents"`
	FuelStandards    []fileStandard `json:"fuel_standards"`
	DesignatedRoutes *fileRouteRule `json:"designated_routes"`
	Citations        []fileCitation `json:"citations"`
}

// fileRouteRule is rule 4: during the campaign [CampaignFrom, CampaignTo]
// (dates in China Standard Time, both days included) coal-product trucks
// keep to the designated routes. Counties lists the admin zone ids whose
// routes are published; empty means everywhere.
type fileRouteRule struct {
	Rule         string         `json:"rule"`
	Comment      string         `json:"comment"`
	CampaignFrom string         `json:"campaign_from"` // YYYY-MM-DD
	CampaignTo   string         `json:"campaign_to"`   // YYYY-MM-DD, inclusive
	Counties     []string       `json:"counties"`
	Citations    []fileCitation `json:"citations"`
}

// fileCoalBan is rule 1: coal-product trucks may not enter zones of
// ZoneKinds unless bound for an exempt destination.
type fileCoalBan struct {
	Rule               string         `json:"rule"`
	Comment            string         `json:"comment"`
	ZoneKinds          []string       `json:"zone_kinds"`
	ExemptDestinations []string       `json:"exempt_destinations"`
	Citations          []fileCitation `json:"citations"`
}

// fileDocsRule is rule 2's paperwork: coal-product trucks in zones of
// ZoneKinds must carry every document in RequiredDocuments.
type fileDocsRule struct {
	Rule               string         `json:"rule"`
	Comment            string         `json:"comment"`
	ZoneKinds          []string       `json:"zone_kinds"`
	RequiredDocuments  []string       `json:"required_documents"`
	ExemptDestinations []string       `json:"exempt_destinations"`
	Citations          []fileCitation `json:"citations"`
}

// fileStandard is a civil fuel standard (rules 2 and 3). It applies inside
// every zone of InsideZoneKinds (one finding per zone), or, when
// OutsideZoneKinds is set instead, wherever no zone of those kinds is hit.
type fileStandard struct {
	Rule               string                 `json:"rule"`
	NameZH             string                 `json:"name_zh"`
	NameEN             string                 `json:"name_en"`
	Comment            string                 `json:"comment"`
	InsideZoneKinds    []string               `json:"inside_zone_kinds"`
	OutsideZoneKinds   []string               `json:"outside_zone_kinds"`
	Destinations       []string               `json:"destinations"`
	MissingMeasurement string                 `json:"missing_measurement"` // "note" or "deny"
	Limits             map[string][]fileLimit `json:"limits"`              // by fuel
	Citations          []fileCitation         `json:"citations"`
}

// fileLimit is one upper limit on one measurement. AtLimit says whether a
// value exactly equal to Limit is "allowed" (以下: the number is included in
// the permitted range) or "banned" (以上 in a prohibition: the number is
// included in the banned range).
type fileLimit struct {
	Measure string   `json:"measure"` // sulfur_pct, ash_pct, volatile_pct
	Limit   *float64 `json:"limit"`
	AtLimit string   `json:"at_limit"`
	Comment string   `json:"comment"`
}
