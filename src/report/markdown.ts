import { clip, md, mdRaw } from './escape.js';
import type { Campaign } from './model.js';
import {
  LIMITS,
  METHOD,
  campaignSentence,
  day,
  evidenceSentences,
  findingsSentence,
  fmt,
  interval,
  percent,
  formatShown,
  reconciles,
  reconcileTerms,
  samplingSentence,
  skippedSentence,
  totalsSentence,
  windowSentence,
} from './narrative.js';
import { PROMPT_OMITTED } from './redact.js';
import type { ReportView } from './view.js';

const ACCOUNTS_LISTED = 50;

/** report.md: the disclosure-ready document. Every value from the data goes through `md`. */
export function renderMarkdown(view: ReportView): string {
  const r = view.report;
  const out: string[] = [];
  out.push('# Distillation audit report', '');
  out.push(
    md`Generated ${r.generated_at} by ${r.tool.name} ${r.tool.version}.${view.redacted ? ' Identifiers are redacted: account ids are salted hashes, IP addresses are cut to /24 (IPv4) or /48 (IPv6), prompt text is left out.' : ''}`,
    '',
  );

  out.push('## Executive summary', '');
  out.push(md`${findingsSentence(r)} ${totalsSentence(r)}`, '');
  for (const c of r.campaigns) out.push(md`- ${campaignSentence(c)}`);
  if (r.campaigns.length) out.push('');
  const sampling = samplingSentence(view);
  if (sampling) out.push(md`${sampling}`, '');
  for (const sentence of [windowSentence(r), skippedSentence(r)]) if (sentence) out.push(md`${sentence}`, '');

  out.push(...evidenceSection(view));

  if (r.campaigns.length) {
    out.push('## Campaigns', '');
    out.push(
      '| campaign | level | score | actor (confidence) | accounts | exchanges observed | estimate | 95% interval | disclosure | first seen | last seen | focus |',
    );
    out.push('|---|---|---:|---|---:|---:|---:|---|---|---|---|---|');
    for (const c of r.campaigns) {
      const actor = c.attribution.actor ? `${c.attribution.actor} (${c.attribution.confidence})` : 'not attributed';
      const focus = c.focus
        .slice(0, 3)
        .map((f) => `${f.capability} ${percent(f.share)}`)
        .join(', ');
      out.push(
        md`| ${c.id} | ${c.level ?? ''} | ${c.score.toFixed(2)} | ${actor} | ${fmt(c.account_count)} | ${fmt(c.exchanges.observed)} | ${fmt(c.exchanges.estimate)} | ${fmt(c.exchanges.ci95[0])} – ${fmt(c.exchanges.ci95[1])} | ${c.exchanges.disclosure} | ${day(c.first_seen)} | ${day(c.last_seen)} | ${focus} |`,
      );
    }
    out.push('');
    out.push('## Evidence per campaign', '');
    for (const c of r.campaigns) out.push(...campaignEvidence(view, c));
  }

  out.push('## Method', '');
  for (const p of METHOD) out.push(md`${p}`, '');
  out.push('## Limits and uncertainty', '');
  for (const p of LIMITS) out.push(md`- ${p}`);
  out.push('');

  out.push(...custody(view));
  return out.join('\n');
}

function campaignEvidence(view: ReportView, c: Campaign): string[] {
  const out: string[] = [md`### Campaign ${c.id}`, '', md`${campaignSentence(c)}`, '', md`Exchanges: ${interval(c)}.`, ''];
  if (c.signals.length) {
    out.push('Signals:', '', '| detector | strength | detail |', '|---|---:|---|');
    for (const s of c.signals) out.push(md`| ${s.detector} | ${s.strength.toFixed(2)} | ${clip(s.detail, 400)} |`);
    out.push('');
  }
  const a = c.attribution;
  if (a.evidence.length) {
    out.push(
      md`Attribution to ${a.actor ?? 'no actor'} rests on:`,
      '',
      '| indicator | accounts covered | exchanges covered |',
      '|---|---:|---:|',
    );
    for (const e of a.evidence)
      out.push(md`| ${clip(e.indicator + (e.source ? `, shared by ${e.source}` : ''), 200)} | ${fmt(e.accounts)} | ${fmt(e.exchanges)} |`);
    out.push('');
  } else {
    out.push('No indicator supplied by the investigator covers this campaign.', '');
  }
  const evidence = view.evidence[c.id];
  if (evidence?.ties.length) {
    out.push('What ties its accounts together:', '', '| kind | shared value | accounts | weight |', '|---|---|---:|---:|');
    for (const t of evidence.ties) out.push(md`| ${t.kind} | ${clip(t.value, 200)} | ${fmt(t.accounts)} | ${t.weight.toFixed(2)} |`);
    out.push('');
  }
  if (view.redacted) {
    out.push(md`Prompts: ${PROMPT_OMITTED}`, '');
  } else if (evidence?.prompts.length) {
    out.push('Most repeated prompt templates (one example each, shortened):', '');
    for (const p of evidence.prompts) {
      out.push(md`- ${fmt(p.exchanges)} exchanges from ${fmt(p.accounts)} accounts:`, '');
      out.push(md`  > ${clip(p.example, 300)}`, '');
    }
  }
  const listed = c.accounts.slice(0, ACCOUNTS_LISTED);
  const more = c.accounts.length - listed.length;
  const note = more > 0 ? `, first ${ACCOUNTS_LISTED} listed; all in accounts.csv` : '';
  out.push(md`Accounts (${fmt(c.account_count)}${note}): ${listed.join(', ')}`, '');
  return out;
}

function evidenceSection(view: ReportView): string[] {
  const e = view.report.evidence;
  if (!e) return [];
  const out = ['## Evidence coverage', ''];
  for (const sentence of evidenceSentences(view.report)) out.push(md`${sentence}`, '');
  out.push('| evidence | carried by | of |', '|---|---:|---|');
  for (const k of e.kinds)
    out.push(md`| ${k.label} | ${fmt(k.present)} | ${fmt(k.total)} ${k.of === 'exchanges' ? 'exchanges' : `rows of ${k.of}`} |`);
  out.push('');
  return out;
}

function custody(view: ReportView): string[] {
  const r = view.report;
  const out = ['## Chain of custody', ''];
  out.push(md`- Tool: ${r.tool.name} ${r.tool.version}`);
  out.push(md`- Report generated: ${r.generated_at}`);
  out.push(md`- Configuration hash (SHA-256): ${mdRaw('`' + r.config_sha256 + '`')}`);
  out.push(md`- Report schema: ${r.schema}`);
  out.push('');
  out.push('Inputs:', '');
  out.push('| file | format | SHA-256 | records | loaded | rejected | duplicates |', '|---|---|---|---:|---:|---:|---:|');
  for (const i of r.inputs) {
    out.push(
      md`| ${i.path} | ${formatShown(i)} | ${mdRaw('`' + i.sha256.replace(/[^0-9a-f]/g, '') + '`')} | ${fmt(i.records)} | ${fmt(i.loaded)} | ${fmt(i.rejected)} | ${fmt(i.duplicates)} |`,
    );
  }
  out.push('');
  if (r.skipped_inputs?.length) {
    out.push('Files met among the inputs and not read:', '', '| file | reason |', '|---|---|');
    for (const s of r.skipped_inputs) out.push(md`| ${s.path} | ${s.reason} |`);
    out.push('');
  }
  out.push(
    reconciles(r)
      ? `Every input record is accounted for: records = ${reconcileTerms(r)} for each file.`
      : `**Warning:** for at least one file, records ≠ ${reconcileTerms(r)}.`,
    '',
  );
  if (r.detectors.length) {
    // Timings stay in report.json: the document is the same for the same input.
    out.push('Detectors, rule packs and versioned stages:', '', '| name | kind | version |', '|---|---|---|');
    for (const d of r.detectors) out.push(md`| ${d.name} | ${d.kind ?? ''} | ${d.version} |`);
    out.push('');
  }
  return out;
}
