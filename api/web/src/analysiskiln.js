// Brick-kiln parts of the analyses tab: capacity bars per county against
// the caps, and the answer of a kiln site check.
import { el } from './dom.js';
import { bricks, fixed, mark, metres } from './analysisfmt.js';

// bar draws capacity against cap on a common scale (the largest value of
// the report), the cap as a tick; over the cap the bar turns red.
function bar({ label, capacity, cap, over, scale, kilns, i18n, cls = '' }) {
  const w = (v) => `${Math.min(100, (100 * v) / scale).toFixed(2)}%`;
  const figures = cap == null
    ? bricks(capacity, i18n.lang)
    : `${bricks(capacity, i18n.lang)} / ${bricks(cap, i18n.lang)}`;
  return el('li', { class: `kb ${over ? 'kb-over' : ''} ${cls}`.trim(), 'data-over': String(!!over) },
    el('div', { class: 'kb-head' },
      el('span', { class: 'kb-name' }, label),
      el('span', { class: 'kb-kilns muted' }, i18n.t('kilnCount', { n: kilns })),
      el('span', { class: 'kb-fig' }, figures, over ? el('span', { class: 'kb-flag' }, i18n.t('overCap')) : null)),
    el('div', { class: 'kb-track' },
      el('div', { class: 'kb-fill', style: { width: w(capacity) } }),
      cap == null ? null : el('div', { class: 'kb-cap', style: { left: w(cap) }, title: i18n.t('cap') })));
}

// renderCapacity fills ul with a bar per county (those with a cap first),
// then the total against the sum of the caps.
export function renderCapacity(ul, doc, i18n) {
  const counties = [...(doc.counties ?? [])].sort((a, b) => (a.cap == null) - (b.cap == null));
  const scale = Math.max(1, ...counties.flatMap((c) => [c.capacity, c.cap ?? 0]));
  const t = doc.total ?? {};
  ul.replaceChildren(
    ...counties.map((c) => bar({ label: c.name || c.county || i18n.t('outsideCounties'), capacity: c.capacity,
      cap: c.cap, over: c.over_cap, scale, kilns: c.kilns, i18n })),
    bar({ label: i18n.t('total'), capacity: t.capacity, cap: t.cap || null, over: t.over_cap,
      scale: Math.max(1, t.capacity ?? 0, t.cap ?? 0), kilns: t.kilns ?? 0, i18n, cls: 'kb-total' }));
}

// renderSite shows a site check answer: the verdict, the measurements and
// each criterion with its message in the current language.
export function renderSite(box, r, i18n) {
  const rows = [
    [i18n.t('position'), `${fixed(r.position?.[0], 6)}, ${fixed(r.position?.[1], 6)}`],
    [i18n.t('siteDistance'), r.inside_built_up
      ? i18n.t('insideBuiltUp', { name: r.nearest_built_up?.name ?? '' })
      : `${metres(r.distance_m)}${r.nearest_built_up ? ` · ${r.nearest_built_up.name || r.nearest_built_up.id}` : ''}`],
    [i18n.t('elevation'), r.elevation_m == null ? '—' : `${fixed(r.elevation_m, 1)} m`],
    [i18n.t('slope'), r.slope_deg == null ? '—' : `${fixed(r.slope_deg, 1)}°`],
    [i18n.t('county'), r.county?.name ?? '—'],
    [i18n.t('suggestedArea'), r.suggested_area?.name ?? '—'],
  ];
  box.hidden = false;
  box.replaceChildren(
    el('div', { class: `site-verdict ${r.suitable ? 'site-ok' : 'site-no'}`, 'data-suitable': String(!!r.suitable) },
      mark(r.suitable), i18n.t(r.suitable ? 'siteSuitable' : 'siteUnsuitable')),
    el('table', { class: 'site-facts' }, el('tbody', {}, rows.map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v))))),
    el('ul', { class: 'criteria' }, (r.criteria ?? []).map((c) => el('li', { class: 'criterion', 'data-code': c.code, 'data-pass': String(!!c.pass) },
      mark(c.pass),
      el('span', {}, el('code', { class: 'code' }, c.code), ' ', i18n.lang === 'zh' ? c.message_zh : c.message_en)))));
}
