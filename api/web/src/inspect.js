import { el, getJSON } from './dom.js';

// checkRequest builds the POST /v1/checks/coal-truck body from the form.
export function checkRequest(form, position, at) {
  const v = (name) => form.elements[name].value.trim();
  const num = (name) => (v(name) === '' ? undefined : Number(v(name)));
  const fuel = v('fuel');
  const cargo = { fuel };
  if (fuel !== 'none') {
    cargo.sulfur_pct = num('sulfur');
    cargo.ash_pct = num('ash');
    cargo.volatile_pct = num('volatile');
  }
  const body = {
    position,
    cargo,
    documents: { supply_contract: form.elements.contract.checked, quality_report: form.elements.report.checked },
    destination: { category: v('destination') },
    station: 'web-map',
  };
  if (v('plate')) body.plate = v('plate');
  if (at) body.at = at;
  return body;
}

// postCheck sends the check and returns the decision.
export function postCheck(body) {
  return getJSON('/v1/checks/coal-truck', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

// icon is a tick (allow) or a cross (deny) in a circle.
function icon(ok) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = ok ? 'M7 12.5l3.2 3.2L17 9' : 'M8 8l8 8M16 8l-8 8';
  for (const [tag, attrs] of [['circle', { cx: 12, cy: 12, r: 10.5, fill: 'none', stroke: '#fff', 'stroke-width': 1.8 }],
    ['path', { d: path, fill: 'none', stroke: '#fff', 'stroke-width': 2.4, 'stroke-linecap': 'round', 'stroke-linejoin': 'round' }]]) {
    const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    svg.append(e);
  }
  return svg;
}

// renderDecision shows a decision: a large badge, then every reason with
// its message in the current language, the zone it names and the clause.
export function renderDecision(box, d, i18n) {
  const lang = i18n.lang;
  box.replaceChildren(
    el('div', { class: `badge badge-${d.decision}`, 'data-decision': d.decision, 'data-action': d.action },
      icon(d.decision === 'allow'),
      el('span', { class: 'badge-main' }, i18n.t(d.decision)),
      el('span', { class: 'badge-sub' }, i18n.t(d.action))),
    el('h3', {}, i18n.t('reasons')),
    d.reasons?.length
      ? el('ol', { class: 'reasons' }, d.reasons.map((r) => el('li', { class: `reason reason-${r.effect}` },
        el('div', { class: 'reason-head' },
          el('code', { class: 'code' }, r.code),
          el('span', { class: 'effect' }, i18n.t(`effect_${r.effect}`))),
        el('p', {}, lang === 'zh' ? r.message_zh : r.message_en),
        r.zone ? el('p', { class: 'reason-zone' },
          `${i18n.t('zone')}: `, el('strong', {}, r.zone.name || r.zone.id),
          ` · ${i18n.kind(r.zone.kind)} · ${r.zone.id}`) : null,
        r.clause ? el('p', { class: 'clause' }, `${i18n.t('clause')}: ${r.clause}`) : null)))
      : el('p', { class: 'muted' }, i18n.t('noReasons')),
    d.rules_version ? el('p', { class: 'muted small' }, `${i18n.t('rulesVersion')}: ${d.rules_version}`) : null,
  );
  box.hidden = false;
}

// renderError shows a failed check.
export function renderError(box, err, i18n) {
  box.replaceChildren(el('div', { class: 'badge badge-error' },
    el('span', { class: 'badge-main' }, i18n.t('error')),
    el('span', { class: 'badge-sub' }, err.message)));
  box.hidden = false;
}
