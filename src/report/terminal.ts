import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { Report } from './model.js';

const fmt = (n: number): string => n.toLocaleString('en-US');

/** The short human summary of a scan: inputs reconciled, totals, campaigns. */
export function renderSummary(report: Report, c: ChalkInstance, reportDir: string): string {
  const lines: string[] = [];
  const style = { head: c.level > 0 ? ['cyan'] : [], border: [] as string[] };
  const inputs = new Table({ head: ['input', 'format', 'records', 'loaded', 'rejected', 'duplicates'], style });
  for (const i of report.inputs) {
    inputs.push([i.path, i.format, fmt(i.records), fmt(i.loaded), i.rejected ? c.yellow(fmt(i.rejected)) : '0', fmt(i.duplicates)]);
  }
  lines.push(c.bold('Inputs'), inputs.toString());
  const t = report.totals;
  const period = t.start ? `${t.start} to ${t.end}` : 'no exchanges in the window';
  lines.push(`${c.bold(fmt(t.exchanges))} exchanges from ${c.bold(fmt(t.accounts))} accounts, ${period}`);
  if (report.campaigns.length === 0) {
    lines.push(c.green('No campaign found.'));
  } else {
    const table = new Table({ head: ['campaign', 'level', 'actor', 'accounts', 'exchanges (95% CI)', 'period', 'focus'], style });
    for (const k of report.campaigns) {
      const actor = k.attribution.actor ? `${k.attribution.actor} (${k.attribution.confidence})` : '—';
      const e = k.exchanges;
      table.push([
        c.bold(k.id),
        k.level ?? '',
        actor,
        fmt(k.account_count),
        `${fmt(e.estimate)} [${fmt(e.ci95[0])}–${fmt(e.ci95[1])}]`,
        `${k.first_seen.slice(0, 10)} – ${k.last_seen.slice(0, 10)}`,
        k.focus.slice(0, 2).map((f) => `${f.capability} ${Math.round(f.share * 100)}%`).join(', '),
      ]);
    }
    lines.push(c.red.bold(`${report.campaigns.length} campaign(s) found`), table.toString());
  }
  lines.push(c.dim(`Report written to ${reportDir}`));
  return lines.join('\n');
}
