// Daily checks and turn-backs as a uPlot chart (bars for checks, a line
// for turn-backs), with days in China time.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const DAY = 86400;
const CST = 8 * 3600;

// dayStart returns the Unix seconds of 00:00 China time of "YYYY-MM-DD".
export function dayStart(key) {
  return Date.parse(`${key}T00:00:00+08:00`) / 1000;
}

// dayKey is the China-time date of Unix seconds t.
export function dayKey(t) {
  return new Date((t + CST) * 1000).toISOString().slice(0, 10);
}

// dailySeries turns report rows grouped by day into uPlot data over every
// day from `from` to `to` (Unix seconds, to exclusive), zeros on days
// without checks. Without a range it spans the rows.
export function dailySeries(rows, from, to) {
  const byDay = new Map(rows.map((r) => [r.key, r]));
  const keys = rows.map((r) => r.key).sort();
  let start = from ?? (keys.length ? dayStart(keys[0]) : null);
  let end = to ?? (keys.length ? dayStart(keys[keys.length - 1]) + DAY : null);
  if (start === null) return [[], [], []];
  start = dayStart(dayKey(start));
  const xs = [], checks = [], turnBacks = [];
  for (let t = start; t < end && xs.length < 4000; t += DAY) {
    const r = byDay.get(dayKey(t));
    xs.push(t);
    checks.push(r ? r.checks : 0);
    turnBacks.push(r ? r.turn_backs : 0);
  }
  return [xs, checks, turnBacks];
}

// OpsChart draws into box and follows its width.
export class OpsChart {
  constructor(box, i18n) {
    this.box = box;
    this.i18n = i18n;
    this.plot = null;
    this.data = [[], [], []];
    this.resize = new ResizeObserver(() => this.fit());
    this.resize.observe(box);
  }

  options(width) {
    const t = (k) => this.i18n.t(k);
    const bars = uPlot.paths.bars({ size: [0.8, 12] });
    return {
      width, height: 170,
      cursor: { points: { size: 6 }, drag: { x: false, y: false } },
      legend: { show: true, live: true },
      scales: { x: { time: true } },
      axes: [
        { stroke: '#52606d', grid: { stroke: '#eef1f5' }, ticks: { stroke: '#e4e7eb' }, font: '11px system-ui', values: (u, splits) => splits.map((v) => dayKey(v).slice(5).replace('-', '/')) },
        { stroke: '#52606d', grid: { stroke: '#eef1f5' }, ticks: { show: false }, font: '11px system-ui', size: 40 },
      ],
      series: [
        { label: t('opsDay'), value: (u, v) => (v == null ? '—' : dayKey(v)) },
        { label: t('opsChecks'), stroke: '#1c5fae', fill: 'rgba(28,95,174,.35)', paths: bars, points: { show: false }, width: 1 },
        { label: t('opsTurnBacks'), stroke: '#c81e33', width: 2, points: { show: false } },
      ],
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Asia/Shanghai'),
    };
  }

  // set shows data (from dailySeries).
  set(data) {
    this.data = data;
    this.draw();
  }

  draw() {
    this.plot?.destroy();
    this.box.replaceChildren();
    const w = Math.max(200, this.box.clientWidth || 300);
    this.plot = new uPlot(this.options(w), this.data, this.box);
  }

  fit() {
    if (!this.plot) return;
    const w = Math.max(200, this.box.clientWidth);
    if (Math.abs(w - this.plot.width) > 1) this.plot.setSize({ width: w, height: 170 });
  }
}
