// Search by name: zones, counties, townships and checkpoints from the
// label points (GET /v1/labels, loaded once with the map), or coordinates
// "lon, lat". Suggestions appear as one types; picking one flies the map
// to the feature. Client-side because the label points are already loaded
// for the map's names: no request per keystroke, and it works offline.
import { el } from './dom.js';

const MAX_SUGGESTIONS = 8;

// rank orders matches: names that start with the query first, then by
// kind (counties before zones before points), then shorter names.
const KIND_RANK = { admin: 0, coal_ban: 1, burn_ban: 2, custom: 3, checkpoint: 4 };

export function matchLabels(features, query) {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const hits = [];
  for (const f of features) {
    const p = f.properties;
    const name = String(p.name ?? '').toLowerCase();
    const i = name.indexOf(q);
    const idHit = String(p.id ?? '').toLowerCase() === q;
    if (i < 0 && !idHit) continue;
    hits.push({ f, score: (i === 0 || idHit ? 0 : 10) + (KIND_RANK[p.kind] ?? 5), len: name.length });
  }
  hits.sort((a, b) => a.score - b.score || a.len - b.len);
  return hits.slice(0, MAX_SUGGESTIONS).map((h) => h.f);
}

// initSearch wires the search box. labels() returns the label features;
// flyTo(feature) moves the map; coords(text) parses "lon, lat" or null.
export function initSearch({ input, list, form, error, i18n, labels, flyTo, flyToPoint, parseLonLat }) {
  let current = [];
  let active = -1;
  const close = () => { list.hidden = true; active = -1; input.setAttribute('aria-expanded', 'false'); };
  const pick = (f) => {
    input.value = f.properties.name;
    close();
    flyTo(f);
  };
  const render = () => {
    list.replaceChildren(...current.map((f, i) => el('li', {
      role: 'option', class: i === active ? 'active' : '', 'aria-selected': String(i === active),
      onmousedown: (e) => { e.preventDefault(); pick(f); },
    }, el('span', { class: 'sg-name' }, f.properties.name), el('span', { class: 'sg-kind' }, i18n.kind(f.properties.kind)))));
    list.hidden = current.length === 0;
    input.setAttribute('aria-expanded', String(!list.hidden));
  };
  input.addEventListener('input', () => {
    error.hidden = true;
    current = parseLonLat(input.value) ? [] : matchLabels(labels(), input.value);
    active = -1;
    render();
  });
  input.addEventListener('keydown', (e) => {
    if (list.hidden || !current.length) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      active = (active + (e.key === 'ArrowDown' ? 1 : current.length - 1)) % current.length;
      render();
    } else if (e.key === 'Escape') close();
  });
  input.addEventListener('blur', () => setTimeout(close, 100));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const ll = parseLonLat(input.value);
    if (ll) {
      close();
      flyToPoint(ll);
      return;
    }
    const hits = active >= 0 ? [current[active]] : matchLabels(labels(), input.value);
    if (hits.length) {
      pick(hits[0]);
      return;
    }
    error.textContent = i18n.t('searchNone');
    error.hidden = false;
  });
}
