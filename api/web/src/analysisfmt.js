// Number formatting for the analyses tab: areas, percentages, lengths,
// brick counts (亿 in Chinese, millions in English) and distances, and the
// ✓/✗ mark of a pass/fail value.
import { el } from './dom.js';

// fixed shows v with d decimals, or — when v is not a finite number.
export function fixed(v, d = 1) {
  return Number.isFinite(v) ? v.toFixed(d) : '—';
}

// km2 shows an area in km² with one decimal.
export const km2 = (v) => `${fixed(v, 1)} km²`;

// pct shows a percentage (0…100) with one decimal.
export const pct = (v) => `${fixed(v, 1)}%`;

// rate shows a fraction (0…1) as a percentage with one decimal.
export const rate = (v) => pct(Number.isFinite(v) ? v * 100 : NaN);

// bricks shows an annual brick count: 3.6亿 in Chinese, 360 M in English.
export function bricks(v, lang) {
  if (!Number.isFinite(v)) return '—';
  return lang === 'zh' ? `${(v / 1e8).toFixed(1)}亿` : `${(v / 1e6).toFixed(0)} M`;
}

// metres shows a distance: metres below 1 km, else km with two decimals.
export function metres(v) {
  if (!Number.isFinite(v)) return '—';
  return v < 1000 ? `${v.toFixed(0)} m` : `${(v / 1000).toFixed(2)} km`;
}

// mark is the ✓/✗ badge of a pass/fail value.
export function mark(ok) {
  return el('span', { class: `mark ${ok ? 'mark-pass' : 'mark-fail'}`, 'data-pass': String(!!ok) }, ok ? '✓' : '✗');
}
