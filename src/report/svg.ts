import { html, type Html } from './escape.js';

/** Line charts as inline SVG: no script, no external resource, text escaped like the rest of the page. */

export interface Series {
  name: string;
  points: { t: number; y: number }[];
  /** Drawn dashed and grey: a baseline to compare against, not a finding. */
  baseline?: boolean;
}

export interface LineChart {
  title: string;
  yLabel: string;
  series: Series[];
  yFormat: (y: number) => string;
  /** Fixed top of the y axis (1 for shares); otherwise a round number above the data. */
  yMax?: number;
  markers?: { t: number; label: string }[];
}

const PALETTE = ['#1f5fa8', '#c0392b', '#2e8b57', '#d9822b', '#7d3c98', '#8c564b', '#c2185b', '#00838f'];
const BASELINE = '#8a8a8a';
const W = 760;
const PLOT_H = 220;
const M = { left: 70, right: 20, top: 28, bottom: 44 };
const LEGEND_ROW = 20;
const LEGEND_PER_ROW = 4;

export function lineChart(chart: LineChart): Html {
  const all = chart.series.flatMap((s) => s.points);
  const markerTimes = (chart.markers ?? []).map((m) => m.t);
  const times = [...all.map((p) => p.t), ...markerTimes];
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const span = t1 - t0 || 86_400_000;
  const yMax = chart.yMax ?? niceCeil(Math.max(1, ...all.map((p) => p.y)));
  const plotW = W - M.left - M.right;
  const x = (t: number) => M.left + ((t - t0) / span) * plotW;
  const y = (v: number) => M.top + PLOT_H - (v / yMax) * PLOT_H;
  const legendRows = Math.ceil(chart.series.length / LEGEND_PER_ROW);
  const height = M.top + PLOT_H + M.bottom + legendRows * LEGEND_ROW;

  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * yMax);
  const xTicks = Array.from({ length: 6 }, (_, i) => t0 + (span * i) / 5);
  const labelOf =
    span <= 4 * 86_400_000
      ? (t: number) => new Date(t).toISOString().slice(5, 13).replace('T', ' ') + 'h'
      : (t: number) => new Date(t).toISOString().slice(0, 10);

  const lines = chart.series.map((s, i) => {
    const colour = s.baseline ? BASELINE : PALETTE[i % PALETTE.length]!;
    const pts = [...s.points].sort((a, b) => a.t - b.t);
    const d = pts.map((p, j) => `${j === 0 ? 'M' : 'L'}${x(p.t).toFixed(1)},${y(p.y).toFixed(1)}`).join(' ');
    const dots =
      pts.length <= 60 ? pts.map((p) => html`<circle cx="${x(p.t).toFixed(1)}" cy="${y(p.y).toFixed(1)}" r="2.5" fill="${colour}"/>`) : [];
    return html`<path d="${d}" fill="none" stroke="${colour}" stroke-width="2"${s.baseline ? html` stroke-dasharray="6 4"` : ''}/>${dots}`;
  });
  const legend = chart.series.map((s, i) => {
    const colour = s.baseline ? BASELINE : PALETTE[i % PALETTE.length]!;
    const lx = M.left + (i % LEGEND_PER_ROW) * (plotW / LEGEND_PER_ROW);
    const ly = M.top + PLOT_H + M.bottom + Math.floor(i / LEGEND_PER_ROW) * LEGEND_ROW;
    return html`<rect x="${lx}" y="${ly - 10}" width="12" height="12" fill="${colour}"/><text x="${lx + 18}" y="${ly}" class="legend">${s.name}</text>`;
  });
  const markers = (chart.markers ?? []).map(
    (m) =>
      html`<line x1="${x(m.t).toFixed(1)}" x2="${x(m.t).toFixed(1)}" y1="${M.top}" y2="${M.top + PLOT_H}" stroke="#222" stroke-dasharray="3 3"/><text x="${(x(m.t) + 4).toFixed(1)}" y="${M.top + 12}" class="marker">${m.label}</text>`,
  );
  return html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" class="chart"><title>${chart.title}</title>
<text x="${M.left}" y="16" class="chart-title">${chart.title}</text>
${yTicks.map((v) => html`<line x1="${M.left}" x2="${W - M.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e3e3e3"/><text x="${M.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" class="tick">${chart.yFormat(v)}</text>`)}
${xTicks.map((t, i) => html`<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${M.top + PLOT_H}" y2="${M.top + PLOT_H + 5}" stroke="#555"/><text x="${x(t).toFixed(1)}" y="${M.top + PLOT_H + 18}" text-anchor="${i === 0 ? 'start' : i === xTicks.length - 1 ? 'end' : 'middle'}" class="tick">${labelOf(t)}</text>`)}
<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + PLOT_H}" stroke="#555"/><line x1="${M.left}" x2="${W - M.right}" y1="${M.top + PLOT_H}" y2="${M.top + PLOT_H}" stroke="#555"/>
<text transform="translate(14 ${M.top + PLOT_H / 2}) rotate(-90)" text-anchor="middle" class="tick">${chart.yLabel}</text>
${markers}${lines}${legend}</svg>`;
}

/** 1, 2 or 5 times a power of ten, at or above `v`. */
export function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}
