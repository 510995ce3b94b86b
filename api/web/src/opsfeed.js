// The live event feed: vehicle events from GET /v1/events as Server-Sent
// Events, starting at the newest KEEP stored ones (tail) rather than the
// first ever (the browser resumes with Last-Event-ID after a drop), newest
// first. A click on an event flies the map to where it happened.
import { el, formatTime } from './dom.js';

export const EVENT_TYPES = ['enter', 'exit', 'off_route', 'on_route'];
const KEEP = 200; // events kept in the list

export class EventFeed {
  // ul receives the events; status shows the connection; onPick(event) is
  // called when an event is clicked.
  constructor({ ul, status, i18n, onPick }) {
    Object.assign(this, { ul, status, i18n, onPick });
    this.events = []; // newest first
    this.source = null;
    this.pending = false;
    this.state = 'connecting';
  }

  start() {
    if (this.source) return;
    this.source = new EventSource(`/v1/events?tail=${KEEP}`);
    this.source.onopen = () => this.setState('live');
    this.source.onerror = () => this.setState(this.source.readyState === EventSource.CLOSED ? 'closed' : 'connecting');
    for (const type of EVENT_TYPES) this.source.addEventListener(type, (m) => this.add(m.data));
    this.source.onmessage = (m) => this.add(m.data); // unnamed events, should a server send them
    this.render();
  }

  add(raw) {
    let ev;
    try { ev = JSON.parse(raw); } catch { return; }
    if (this.events.some((e) => e.id === ev.id)) return;
    this.events.unshift(ev);
    if (this.events.length > KEEP) this.events.length = KEEP;
    // Replays arrive in bursts: render once per frame.
    if (!this.pending) {
      this.pending = true;
      requestAnimationFrame(() => { this.pending = false; this.render(); });
    }
  }

  setState(s) {
    this.state = s;
    this.renderStatus();
  }

  renderStatus() {
    this.status.dataset.state = this.state;
    this.status.textContent = this.i18n.t(`feed_${this.state}`);
  }

  render() {
    this.renderStatus();
    const t = (k) => this.i18n.t(k);
    if (!this.events.length) {
      this.ul.replaceChildren(el('li', { class: 'feed-empty muted' }, t('feedEmpty')));
      return;
    }
    this.ul.replaceChildren(...this.events.map((e) => el('li', {
      class: `feed-item feed-${e.type}`, 'data-id': e.id, 'data-plate': e.plate, tabindex: 0, role: 'button',
      onclick: () => this.onPick(e),
      onkeydown: (k) => { if (k.key === 'Enter') this.onPick(e); },
    },
    el('span', { class: `feed-type type-${e.type}` }, t(`event_${e.type}`)),
    el('span', { class: 'feed-main' },
      el('strong', { class: 'feed-plate' }, e.plate),
      el('span', { class: 'feed-zone' }, e.zone_name || e.zone || (e.type.endsWith('route') ? t('designatedRoutes') : ''))),
    el('time', { class: 'feed-time', datetime: e.time }, formatTime(e.time)))));
  }
}
