// Package rules decides whether a coal truck may pass a checkpoint: the
// coal-truck rules of DESIGN.md ("The rules" 1–3), with reasons, citations
// and bilingual messages, and rule 4 (designated coal routes).
//
// # Source
//
// The shipped default (default_rules.json, see Default) encodes
// 《临汾市2020年散煤污染专项整治工作方案》, issued by 临汾市人民政府办公室 with
// 临政办发〔2020〕22号 on 2020-04-24 and printed in 《临汾市人民政府公报》
// 2020年第4期: section 二(一) (coal-ban and burn-ban zones, fuel standards)
// and 二(六) (road checks: coal trucks must not enter 禁煤区; trucks entering or
// crossing 禁燃区 carry a supply contract and a quality report; violators are
// turned back, 劝返). Its one version is in force from the plan's issue date,
// 2020-04-24 China time, until further notice: the entry ban and the
// paperwork duty rest on the standing 《临汾市燃煤污染防治规定》, which 二(六)
// invokes; the campaign dates of 二(六) (2020-08-01 to 2021-03-31) bound the
// road checks on designated routes, which the route rule will carry.
//
// # Rules file
//
// A rules file (schema "zonegate.rules/v1") lists cited sources and rules
// versions with disjoint effective ranges [effective_from, effective_to).
// Each version says which fuels are coal products, and holds up to four
// kinds of rule, each citing its clause (source, section, Chinese quote):
//
//   - coal_ban: zone kinds a coal-product truck may not enter, and the
//     destinations exempt from that (default: coal_power, central_heating,
//     raw_material);
//   - burn_ban_documents: zone kinds in which the required documents
//     (default: supply_contract and quality_report) must be carried;
//   - fuel_standards: limits per fuel and measurement, each with at_limit
//     "allowed" or "banned", the destinations they bind (default:
//     residential, business, other), where they apply (inside zones of some
//     kinds, once per zone; or outside all zones of some kinds) and whether a
//     missing measurement is a note or a denial;
//   - designated_routes (rule 4): the road-check campaign's dates (China
//     Standard Time, both days included; default 2020-08-01 … 2021-03-31)
//     and the counties (admin zone ids) that published routes, empty for
//     all. During the campaign a coal-product truck whose Input.Route
//     leaves every corridor (Input.RouteCompliance, computed by the caller)
//     gets OFF_DESIGNATED_ROUTE (deny) naming the first off-route point and
//     the off-route length, counted inside the listed counties only (the
//     caller scopes the compliance); a route passing through no listed
//     county gets the note ROUTE_RULE_NOT_APPLICABLE instead.
//
// Every threshold, date, list and at-limit choice is data; the code holds
// only the reason codes and message wording.
//
// # Thresholds
//
// "以下" and "以上" include the number (Civil Code art. 1259). Inside burn-ban
// zones the text allows values up to and including the limit ("…以下"), so the
// default says at_limit "allowed". Elsewhere the text bans sulfur 0.5 % and
// ash 15 % "以上", which literally bans a value equal to the limit, so the
// default says at_limit "banned". This makes the outer area stricter than
// the burn-ban zone at exactly 0.5 % sulfur, which the drafters probably did
// not intend; the default keeps the literal legal reading, and a rules file
// can flip it.
//
// # Where standards apply
//
// With Input.Route the zones are those the route enters. The burn-ban
// standard applies to each burn-ban zone hit; the general standard applies
// only when no coal-ban or burn-ban zone is hit. A truck in a coal-ban zone
// that is not also in a burn-ban zone is therefore checked by neither
// standard: coal is banned there outright unless the destination is exempt,
// and exempt users do not burn civil fuel. A missing measurement gives the
// note FUEL_QUALITY_UNKNOWN in the default (inside burn-ban zones the quality
// report itself is mandatory, so a truck without one is denied anyway).
package rules
