import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { Evaluation } from './score.js';

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const int = (x: number) => x.toLocaleString('en-US');

function table(color: ChalkInstance, head: string[]): Table.Table {
  return new Table({ head, style: { head: color.level > 0 ? ['cyan'] : [], border: [] } });
}

/** The evaluation as a person reads it: accounts, campaigns, traps, input reconciliation. */
export function renderEvaluation(ev: Evaluation, color: ChalkInstance): string {
  const out: string[] = [];
  const a = ev.accounts;
  out.push(color.bold('Accounts ("belongs to a campaign")'));
  out.push(
    `precision ${pct(a.precision)}  recall ${pct(a.recall)}  F1 ${pct(a.f1)}  ` +
      `(${int(a.true_positives)} found of ${int(a.campaign_accounts)}; ${int(a.false_positives)} flagged wrongly, ${int(ev.other_honest_flagged)} of them outside the trap groups)`,
  );
  out.push('');
  out.push(color.bold('Campaigns'));
  const ct = table(color, [
    'campaign',
    'actor',
    'accounts',
    'matched',
    'purity',
    'complete',
    'estimate (ci95)',
    'truth',
    'error',
    'in ci95',
    'attribution',
  ]);
  for (const c of ev.campaigns) {
    const e = c.estimate;
    const attr = c.attribution
      ? `${c.attribution.correct ? color.green('ok') : color.red('wrong')} ${c.attribution.reported ?? 'null'}${c.attribution.correct ? '' : ` (expected ${c.attribution.expected ?? 'null'})`}`
      : '–';
    ct.push([
      c.id,
      c.actor,
      int(c.accounts),
      c.matched.map((m) => `${m.id}:${m.overlap}`).join(' ') || color.red('missed'),
      pct(c.purity),
      pct(c.completeness),
      e ? `${int(e.estimate)} (${int(e.ci95[0])}–${int(e.ci95[1])})` : '–',
      e ? int(e.truth) : '–',
      e ? `${e.relative_error >= 0 ? '+' : ''}${(e.relative_error * 100).toFixed(1)}%` : '–',
      e ? (e.truth_in_ci95 ? color.green('yes') : color.red('no')) : '–',
      attr,
    ]);
  }
  out.push(ct.toString());
  if (ev.spurious.length > 0)
    out.push(`Predicted campaigns with no true campaign account: ${ev.spurious.map((s) => `${s.id} (${s.accounts} accounts)`).join(', ')}`);
  out.push('');
  out.push(color.bold('Traps (honest look-alikes)'));
  const tt = table(color, ['trap', 'accounts', 'flagged', 'share']);
  for (const t of ev.traps) tt.push([t.kind, int(t.accounts), int(t.flagged), t.flagged > 0 ? color.red(pct(t.share)) : pct(t.share)]);
  out.push(tt.toString());
  out.push('');
  const r = ev.reconciliation;
  out.push(
    color.bold('Input reconciliation') +
      ' ' +
      (r.ok ? color.green('matches the planted counts') : color.red('differs from the planted counts')),
  );
  for (const f of r.files.filter((x) => !x.ok)) {
    out.push(
      f.found
        ? `  ${f.path}: planted ${f.expected.malformed} malformed / ${f.expected.duplicates} duplicates of ${f.expected.records} records; report says ${f.reported!.rejected} rejected / ${f.reported!.duplicates} duplicates of ${f.reported!.records}`
        : `  ${f.path}: not among the report's inputs`,
    );
  }
  return out.join('\n');
}
