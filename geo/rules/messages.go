package rules

import (
	"strconv"
	"strings"
	"time"
)

// message is a reason's text in Chinese and English.
type message struct{ zh, en string }

var fuelNames = map[Fuel][2]string{
	FuelCoal:      {"煤炭", "coal"},
	FuelBriquette: {"型煤", "briquettes"},
	FuelCoke:      {"焦炭", "coke"},
	FuelSemiCoke:  {"兰炭", "semi-coke"},
}

var destNames = map[Destination][2]string{
	DestCoalPower:      {"煤电企业", "coal power plant"},
	DestCentralHeating: {"集中供热企业", "central heating plant"},
	DestRawMaterial:    {"原料用煤企业", "enterprise using coal as raw material"},
	DestResidential:    {"居民生活取暖", "residential heating"},
	DestBusiness:       {"单位或经营户", "business or institution"},
	DestOther:          {"其他", "other"},
}

func fuelName(f Fuel) (zh, en string) {
	if n, ok := fuelNames[f]; ok {
		return n[0], n[1]
	}
	return string(f), string(f)
}

func destName(d Destination) (zh, en string) {
	if n, ok := destNames[d]; ok {
		return n[0], n[1]
	}
	return string(d), string(d)
}

// where describes the truck's relation to z: "车辆位于禁煤区「名」" /
// `The truck is inside coal-ban zone "name"`, or the route form. A nil zone
// gives empty strings.
func where(z *ZoneHit, route bool) (zh, en string) {
	if z == nil {
		return "", ""
	}
	kzh, ken := kindName(z.Kind)
	name := z.Name
	if name == "" {
		name = z.ID
	}
	if route {
		return "车辆行驶路线进入" + kzh + "「" + name + "」", "The truck's route enters " + ken + " \"" + name + "\""
	}
	return "车辆位于" + kzh + "「" + name + "」", "The truck is inside " + ken + " \"" + name + "\""
}

func msgNoRules(at time.Time) message {
	t := at.Format(time.RFC3339)
	return message{
		zh: t + "无生效的散煤管控规则，准予通行",
		en: "No coal-truck rules are in force at " + t + ": pass",
	}
}

func msgNotCoal() message {
	return message{
		zh: "车辆未装载煤炭及其制品，散煤管控规则不适用，准予通行",
		en: "The truck carries no coal product, so the coal-truck rules do not apply: pass",
	}
}

func msgCoalBan(z *ZoneHit, route bool, d Destination) message {
	wzh, wen := where(z, route)
	dzh, den := destName(d)
	return message{
		zh: wzh + "，目的地（" + dzh + "）非豁免用煤单位，禁止进入，予以劝返",
		en: wen + " and its destination (" + den + ") is not an exempt coal user; entry is prohibited: turn back",
	}
}

func msgExemptCoalBan(z *ZoneHit, route bool, d Destination) message {
	wzh, wen := where(z, route)
	dzh, den := destName(d)
	return message{
		zh: wzh + "，目的地为" + dzh + "，属豁免用煤单位，不受禁止进入限制",
		en: wen + " but its destination (" + den + ") is an exempt coal user, so the entry ban does not apply",
	}
}

func msgExemptDocuments(z *ZoneHit, route bool, d Destination) message {
	wzh, wen := where(z, route)
	dzh, den := destName(d)
	return message{
		zh: wzh + "，目的地为" + dzh + "，免予查验随车单据",
		en: wen + " but its destination (" + den + ") is exempt from the document check",
	}
}

func msgMissingDocuments(z *ZoneHit, route bool, missing []document) message {
	wzh, wen := where(z, route)
	zh := make([]string, len(missing))
	en := make([]string, len(missing))
	for i, m := range missing {
		zh[i], en[i] = documentNames[m].zh, documentNames[m].en
	}
	return message{
		zh: wzh + "，未携带" + strings.Join(zh, "、") + "，予以劝返",
		en: wen + " without the " + joinEN(en) + " it must carry: turn back",
	}
}

func msgBelowStandard(z *ZoneHit, route bool, f Fuel, s *standard, failed []failure) message {
	wzh, wen := where(z, route)
	fzh, fen := fuelName(f)
	zh := make([]string, len(failed))
	en := make([]string, len(failed))
	for i, fl := range failed {
		n := measureNames[fl.limit.measure]
		v, l := pct(fl.value), pct(fl.limit.value)
		if fl.limit.allowedAtLimit {
			zh[i] = n.zh + v + "（应不高于" + l + "）"
			en[i] = n.en + " " + v + " (must be at most " + l + ")"
		} else {
			zh[i] = n.zh + v + "（应低于" + l + "）"
			en[i] = n.en + " " + v + " (must be below " + l + ")"
		}
	}
	return message{
		zh: prefixZH(wzh) + "所载" + fzh + "不符合" + s.nameZH + "：" + strings.Join(zh, "、") + "，予以劝返",
		en: prefixEN(wen, "The "+fen+" carried", "the "+fen+" carried") + " fails the " + s.nameEN + ": " + joinEN(en) + ": turn back",
	}
}

func msgQualityUnknown(z *ZoneHit, route bool, f Fuel, s *standard, unknown []measure, deny bool) message {
	wzh, wen := where(z, route)
	fzh, fen := fuelName(f)
	zh := make([]string, len(unknown))
	en := make([]string, len(unknown))
	for i, m := range unknown {
		zh[i], en[i] = measureNames[m].zh, measureNames[m].en
	}
	verb := " is"
	if len(unknown) > 1 {
		verb = " are"
	}
	m := message{
		zh: prefixZH(wzh) + "未提供所载" + fzh + "的" + strings.Join(zh, "、") + "检测值，无法核验" + s.nameZH,
		en: prefixEN(wen, "The "+fen+"'s", "the "+fen+"'s") + " " + joinEN(en) + verb + " not given, so the " + s.nameEN + " cannot be checked",
	}
	if deny {
		m.zh += "，予以劝返"
		m.en += ": turn back"
	}
	return m
}

// prefixZH starts a sentence with the zone clause, or with "车辆" when there
// is none.
func prefixZH(w string) string {
	if w == "" {
		return "车辆"
	}
	return w + "，"
}

// prefixEN starts a sentence with the zone clause, or with alone when there
// is none.
func prefixEN(w, alone, after string) string {
	if w == "" {
		return alone
	}
	return w + "; " + after
}

func pct(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) + "%" }

// joinEN joins "a", "a and b", "a, b and c".
func joinEN(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
