import type { Html } from './escape.js';
import { fmt, percent } from './narrative.js';
import { lineChart, type Series } from './svg.js';
import type { ChartData } from './view.js';

/** The report's three charts, drawn from the gathered chart data in report order of campaigns. */
export function campaignCharts(data: ChartData, order: string[]): Html[] {
  if (data.missing || data.daily.length === 0) return [];
  const rank = (id: string | null) => (id === null ? Number.MAX_SAFE_INTEGER : order.indexOf(id));
  const perCampaign = (value: 'exchanges' | 'accounts'): Series[] =>
    order
      .map((id) => ({
        name: id,
        points: data.daily.filter((d) => d.campaign_id === id).map((d) => ({ t: Date.parse(`${d.day}T00:00:00Z`), y: d[value] })),
      }))
      .filter((s) => s.points.length > 0);
  const charts: Html[] = [
    lineChart({ title: 'Exchanges per campaign per day (UTC)', yLabel: 'exchanges', series: perCampaign('exchanges'), yFormat: compact }),
    lineChart({
      title: 'Active accounts per campaign per day (UTC)',
      yLabel: 'accounts',
      series: perCampaign('accounts'),
      yFormat: compact,
    }),
  ];
  for (const release of data.releases) {
    const groups = [...new Set(release.points.map((p) => p.group))].sort((a, b) => rank(a) - rank(b));
    const series: Series[] = groups.map((g) => ({
      name: g ?? 'all other traffic',
      baseline: g === null,
      points: release.points
        .filter((p) => p.group === g && p.exchanges > 0)
        .map((p) => ({ t: Date.parse(p.bucket) + (release.bucket_hours * 3_600_000) / 2, y: p.on_model / p.exchanges })),
    }));
    charts.push(
      lineChart({
        title: `Share of traffic on ${release.model} around its release (${release.bucket_hours}-hour buckets)`,
        yLabel: `share on ${release.model}`,
        series,
        yFormat: percent,
        yMax: 1,
        markers: [
          { t: Date.parse(release.released_at), label: `released ${release.released_at.replace('T', ' ').replace(':00Z', ' UTC')}` },
        ],
      }),
    );
  }
  return charts;
}

function compact(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1 })}M`;
  if (n >= 1e4) return `${(n / 1e3).toLocaleString('en-US', { maximumFractionDigits: 0 })}k`;
  return Number.isInteger(n) ? fmt(n) : n.toLocaleString('en-US', { maximumFractionDigits: 1 });
}
