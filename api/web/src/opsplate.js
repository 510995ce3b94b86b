// Plate search in the operations tab: suggestions from the plates seen in
// the live feed and in the newest stored events (GET /v1/events?tail=, one
// request when the box is first used), then, for the picked plate, its
// recent events from GET /v1/events?plate= (newest first) and a flight to
// its last position. Same server only: it works offline.
import { el, formatTime, getJSON } from './dom.js';

const MAX_SUGGESTIONS = 8;
const SEEN_TAIL = 1000; // stored events read for suggestions
const RECENT = 20; // events listed for the picked plate

// matchPlates returns the plates containing query (case-insensitive, the
// separator dot ignored), those starting with it first, then in order.
export function matchPlates(plates, query) {
  const norm = (s) => String(s).toLowerCase().replace(/[·.\s-]/g, '');
  const q = norm(query);
  if (!q) return [];
  const hits = [];
  for (const p of new Set(plates)) {
    const i = norm(p).indexOf(q);
    if (i >= 0) hits.push({ p, start: i === 0 ? 0 : 1 });
  }
  hits.sort((a, b) => a.start - b.start || a.p.localeCompare(b.p));
  return hits.slice(0, MAX_SUGGESTIONS).map((h) => h.p);
}

// initPlateSearch wires the plate box. feedPlates() returns the plates in
// the live feed; onPosition(event) shows the truck's last event on the map.
export function initPlateSearch({ input, list, form, results, error, i18n, feedPlates, onPosition }) {
  const state = { stored: null, loading: null, current: [], active: -1, plate: '', events: [] };
  const loadStored = () => {
    state.loading ??= getJSON(`/v1/events?tail=${SEEN_TAIL}`)
      .then((d) => { state.stored = (d.events ?? []).map((e) => e.plate); }, () => { state.stored = []; });
    return state.loading;
  };
  const plates = () => [...feedPlates(), ...(state.stored ?? [])];
  const close = () => { list.hidden = true; state.active = -1; input.setAttribute('aria-expanded', 'false'); };
  const renderList = () => {
    list.replaceChildren(...state.current.map((p, i) => el('li', {
      role: 'option', class: i === state.active ? 'active' : '', 'aria-selected': String(i === state.active), 'data-plate': p,
      onmousedown: (e) => { e.preventDefault(); pick(p); },
    }, el('span', { class: 'sg-name' }, p))));
    list.hidden = state.current.length === 0;
    input.setAttribute('aria-expanded', String(!list.hidden));
  };
  const suggest = () => {
    state.current = matchPlates(plates(), input.value);
    state.active = -1;
    renderList();
  };
  const renderResults = () => {
    const t = (k) => i18n.t(k);
    results.hidden = !state.plate;
    if (!state.plate) return;
    results.replaceChildren(
      el('h3', { class: 'small' }, i18n.t('plateRecent', { plate: state.plate, n: state.events.length })),
      state.events.length ? el('ul', { class: 'feed plate-events' }, state.events.map((e) => el('li', {
        class: `feed-item feed-${e.type}`, 'data-id': e.id, tabindex: 0, role: 'button',
        onclick: () => onPosition(e),
        onkeydown: (k) => { if (k.key === 'Enter') onPosition(e); },
      },
      el('span', { class: `feed-type type-${e.type}` }, t(`event_${e.type}`)),
      el('span', { class: 'feed-zone' }, e.zone_name || e.zone || (e.type.endsWith('route') ? t('designatedRoutes') : '')),
      el('time', { class: 'feed-time', datetime: e.time }, formatTime(e.time)))))
        : el('p', { class: 'muted small' }, t('plateNoEvents')));
  };
  // pick lists the plate's newest events and flies to the last one; it
  // resolves to the events (newest first).
  const pick = async (plate) => {
    input.value = plate;
    close();
    error.hidden = true;
    try {
      const d = await getJSON(`/v1/events?${new URLSearchParams({ plate, tail: String(RECENT) })}`);
      state.plate = plate;
      state.events = (d.events ?? []).slice().reverse();
    } catch (err) {
      state.plate = '';
      state.events = [];
      error.textContent = `${i18n.t('error')}: ${err.message ?? err}`;
      error.hidden = false;
    }
    renderResults();
    if (state.events.length) onPosition(state.events[0]);
    return state.events;
  };

  input.addEventListener('focus', () => { loadStored().then(() => { if (document.activeElement === input && input.value) suggest(); }); });
  input.addEventListener('input', () => {
    error.hidden = true;
    suggest();
    if (state.stored === null) loadStored().then(suggest);
  });
  input.addEventListener('keydown', (e) => {
    if (list.hidden || !state.current.length) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      state.active = (state.active + (e.key === 'ArrowDown' ? 1 : state.current.length - 1)) % state.current.length;
      renderList();
    } else if (e.key === 'Escape') close();
  });
  input.addEventListener('blur', () => setTimeout(close, 100));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const hits = state.active >= 0 ? [state.current[state.active]] : matchPlates(plates(), input.value);
    const exact = hits.find((p) => p === input.value.trim());
    if (exact || hits.length) {
      pick(exact ?? hits[0]);
      return;
    }
    error.textContent = i18n.t('plateNone');
    error.hidden = false;
  });

  return { state, pick, relabel: renderResults };
}
