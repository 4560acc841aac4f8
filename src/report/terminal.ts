import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import { terminalText as t } from './escape.js';
import type { Report } from './model.js';
import { formatShown, reconciles, reconcileTerms, windowSentence } from './narrative.js';
import { DETECTORS } from '../detectors/registry.js';
import { TIE_KINDS } from '../link/kinds.js';

const DETECTOR_COUNT = DETECTORS.length;
const TIE_KIND_COUNT = TIE_KINDS.length;

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** The short human summary of a scan: inputs reconciled, totals, one line per campaign. */
export function renderSummary(report: Report, c: ChalkInstance, reportDir: string): string {
  const lines: string[] = [];
  const style = { head: c.level > 0 ? ['cyan'] : [], border: [] as string[] };
  const inputs = new Table({ head: ['input', 'format', 'records', 'loaded', 'rejected', 'duplicates'], style });
  for (const i of report.inputs) {
    inputs.push([
      t(i.path),
      t(formatShown(i)),
      fmt(i.records),
      fmt(i.loaded),
      i.rejected ? c.yellow(fmt(i.rejected)) : '0',
      fmt(i.duplicates),
    ]);
  }
  if (report.inputs.length > 1) {
    const sum = (k: 'records' | 'loaded' | 'rejected' | 'duplicates') => fmt(report.inputs.reduce((n, i) => n + i[k], 0));
    inputs.push([c.bold('total'), '', sum('records'), sum('loaded'), sum('rejected'), sum('duplicates')]);
  }
  lines.push(c.bold('Inputs'), inputs.toString());
  lines.push(
    reconciles(report)
      ? c.dim(`Every record is accounted for: records = ${reconcileTerms(report)}.`)
      : c.red(`Input counts do not reconcile: records ≠ ${reconcileTerms(report)} for some file.`),
  );
  for (const x of report.skipped_inputs ?? []) lines.push(c.yellow(`skipped: ${t(x.path)}: ${t(x.reason)}`));
  const window = windowSentence(report);
  if (window) lines.push(t(window));
  const tot = report.totals;
  const period = tot.start ? `${tot.start} to ${tot.end}` : 'no exchanges in the window';
  lines.push(`${c.bold(fmt(tot.exchanges))} exchanges from ${c.bold(fmt(tot.accounts))} accounts, ${period}`);
  if (tot.exchanges === 0) {
    lines.push(c.yellow('No exchange was examined, so no finding is possible: this is not a clean result.'));
  } else if (report.campaigns.length === 0) {
    lines.push(c.green('No campaign found.'));
  } else {
    const table = new Table({
      head: ['campaign', 'level', 'actor (confidence)', 'accounts', 'exchanges: estimate [95% CI]', 'period', 'focus'],
      style,
    });
    for (const k of report.campaigns) {
      const actor = k.attribution.actor ? `${t(k.attribution.actor)} (${k.attribution.confidence})` : '—';
      const e = k.exchanges;
      table.push([
        c.bold(t(k.id)),
        levelColour(c, k.level),
        actor,
        fmt(k.account_count),
        `${fmt(e.estimate)} [${fmt(e.ci95[0])}–${fmt(e.ci95[1])}]`,
        `${k.first_seen.slice(0, 10)} – ${k.last_seen.slice(0, 10)}`,
        k.focus
          .slice(0, 2)
          .map((f) => `${t(f.capability)} ${Math.round(f.share * 100)}%`)
          .join(', '),
      ]);
    }
    const campaignExchanges = report.campaigns.reduce((n, k) => n + k.exchanges.observed, 0);
    const campaignAccounts = report.campaigns.reduce((n, k) => n + k.account_count, 0);
    lines.push(c.red.bold(`${report.campaigns.length} campaign(s) found`), table.toString());
    lines.push(
      `Campaigns account for ${fmt(campaignExchanges)} of ${fmt(tot.exchanges)} exchanges observed, through ${fmt(campaignAccounts)} accounts.`,
    );
  }
  const e = report.evidence;
  if (e && (e.not_run.detectors.length || e.not_run.tie_kinds.length)) {
    const absent = e.kinds.filter((k) => k.present === 0).map((k) => t(k.label));
    lines.push(c.yellow(`Evidence absent from the inputs: ${absent.join(', ')}.`));
    lines.push(
      c.yellow(
        `Not run for lack of it: ${e.not_run.detectors.length} of ${DETECTOR_COUNT} detectors (${e.not_run.detectors.map((d) => t(d.name)).join(', ') || 'none'}), ` +
          `${e.not_run.tie_kinds.length} of ${TIE_KIND_COUNT} kinds of tie (${e.not_run.tie_kinds.map((k) => t(k.kind)).join(', ') || 'none'}); see "Evidence coverage" in report.md.`,
      ),
    );
  }
  lines.push(c.dim(`Report written to ${t(reportDir)}`));
  return lines.join('\n');
}

function levelColour(c: ChalkInstance, level: string | undefined): string {
  if (!level) return '';
  if (level === 'critical' || level === 'high') return c.red(t(level));
  if (level === 'medium') return c.yellow(t(level));
  return t(level);
}
