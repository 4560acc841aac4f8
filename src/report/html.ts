import { createHash } from 'node:crypto';
import { campaignCharts } from './charts.js';
import { Html, clip, html } from './escape.js';
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

const ACCOUNTS_LISTED = 200;

const STYLE = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;max-width:1100px;margin:2em auto;padding:0 1.2em}
h1{font-size:1.7em;margin-bottom:.2em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.92em}th,td{border:1px solid #d6d6d6;padding:.3em .55em;text-align:left;vertical-align:top}
th{background:#f3f5f8}td.n{text-align:right;font-variant-numeric:tabular-nums}
.meta{color:#555}.warn{color:#a33;font-weight:bold}.note{background:#fff8e1;border-left:4px solid #e0b000;padding:.5em .8em}
.level-critical,.level-high{color:#a31515;font-weight:bold}.level-medium{color:#b35c00}
blockquote{margin:.3em 0 .8em;padding:.3em .8em;border-left:4px solid #ccc;background:#fafafa;white-space:pre-wrap;word-break:break-word;font-family:ui-monospace,monospace;font-size:.88em}
code,.id{font-family:ui-monospace,monospace;font-size:.9em;word-break:break-all}
.chart{display:block;margin:1em 0;max-width:100%;height:auto}.chart text{font-size:11px;fill:#333}.chart .chart-title{font-size:13px;font-weight:bold}.chart .legend{font-size:12px}
.accounts{max-height:12em;overflow:auto;border:1px solid #eee;padding:.4em}
`;

/**
 * report.html: one self-contained page. The Content-Security-Policy allows no script at all and
 * only this page's own stylesheet (by hash), so even text that slipped past escaping could not run.
 */
export function renderHtml(view: ReportView): string {
  const r = view.report;
  const styleHash = createHash('sha256').update(STYLE).digest('base64');
  const csp = `default-src 'none'; style-src 'sha256-${styleHash}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const sampling = samplingSentence(view);
  const charts = campaignCharts(
    view.charts,
    r.campaigns.map((c) => c.id),
  );
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${new Html(csp)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Distillation audit report</title>
<style>${new Html(STYLE)}</style>
</head>
<body>
<h1>Distillation audit report</h1>
<p class="meta">Generated ${r.generated_at} by ${r.tool.name} ${r.tool.version}.</p>
${view.redacted ? html`<p class="note">Identifiers are redacted: account ids are salted hashes, IP addresses are cut to /24 (IPv4) or /48 (IPv6), prompt text is left out.</p>` : ''}
<h2 id="summary">Executive summary</h2>
<p>${findingsSentence(r)} ${totalsSentence(r)}</p>
${r.campaigns.length ? html`<ul>${r.campaigns.map((c) => html`<li>${campaignSentence(c)}</li>`)}</ul>` : ''}
${sampling ? html`<p>${sampling}</p>` : ''}
${[windowSentence(r), skippedSentence(r)].filter((x): x is string => x !== null).map((x) => html`<p>${x}</p>`)}
${evidenceSection(view)}
${r.campaigns.length ? campaignTable(r.campaigns) : ''}
<h2 id="charts">Campaign traffic over time</h2>
${charts.length ? charts : html`<p>${view.charts.missing ?? 'No chart data.'}</p>`}
${r.campaigns.length ? html`<h2 id="evidence">Evidence per campaign</h2>${r.campaigns.map((c) => campaignEvidence(view, c))}` : ''}
<h2 id="method">Method</h2>
${METHOD.map((p) => html`<p>${p}</p>`)}
<h2 id="limits">Limits and uncertainty</h2>
<ul>${LIMITS.map((p) => html`<li>${p}</li>`)}</ul>
${custody(view)}
</body>
</html>
`;
  return page.value;
}

function campaignTable(campaigns: Campaign[]): Html {
  return html`<h2 id="campaigns">Campaigns</h2>
<table><thead><tr><th>campaign</th><th>level</th><th>score</th><th>actor (confidence)</th><th>accounts</th><th>observed</th><th>estimate</th><th>95% interval</th><th>disclosure</th><th>first seen</th><th>last seen</th><th>focus</th></tr></thead>
<tbody>${campaigns.map(
    (
      c,
    ) => html`<tr><td><a href="#campaign-${anchor(c.id)}">${c.id}</a></td><td class="level-${anchor(c.level ?? '')}">${c.level ?? ''}</td><td class="n">${c.score.toFixed(2)}</td>
<td>${c.attribution.actor ? `${c.attribution.actor} (${c.attribution.confidence})` : 'not attributed'}</td><td class="n">${fmt(c.account_count)}</td>
<td class="n">${fmt(c.exchanges.observed)}</td><td class="n">${fmt(c.exchanges.estimate)}</td><td class="n">${fmt(c.exchanges.ci95[0])} – ${fmt(c.exchanges.ci95[1])}</td>
<td>${c.exchanges.disclosure}</td><td>${day(c.first_seen)}</td><td>${day(c.last_seen)}</td><td>${c.focus
      .slice(0, 3)
      .map((f) => `${f.capability} ${percent(f.share)}`)
      .join(', ')}</td></tr>`,
  )}</tbody></table>`;
}

function campaignEvidence(view: ReportView, c: Campaign): Html {
  const evidence = view.evidence[c.id];
  const a = c.attribution;
  const listed = c.accounts.slice(0, ACCOUNTS_LISTED);
  return html`<h3 id="campaign-${anchor(c.id)}">Campaign ${c.id}</h3>
<p>${campaignSentence(c)}</p>
<p>Exchanges: ${interval(c)}.</p>
${c.signals.length ? html`<table><thead><tr><th>detector</th><th>strength</th><th>detail</th></tr></thead><tbody>${c.signals.map((s) => html`<tr><td>${s.detector}</td><td class="n">${s.strength.toFixed(2)}</td><td>${clip(s.detail, 600)}</td></tr>`)}</tbody></table>` : ''}
${
  a.evidence.length
    ? html`<p>Attribution to ${a.actor ?? 'no actor'} rests on:</p><table><thead><tr><th>indicator</th><th>accounts covered</th><th>exchanges covered</th></tr></thead><tbody>${a.evidence.map((e) => html`<tr><td>${clip(e.indicator + (e.source ? `, shared by ${e.source}` : ''), 300)}</td><td class="n">${fmt(e.accounts)}</td><td class="n">${fmt(e.exchanges)}</td></tr>`)}</tbody></table>`
    : html`<p>No indicator supplied by the investigator covers this campaign.</p>`
}
${evidence?.ties.length ? html`<p>What ties its accounts together:</p><table><thead><tr><th>kind</th><th>shared value</th><th>accounts</th><th>weight</th></tr></thead><tbody>${evidence.ties.map((t) => html`<tr><td>${t.kind}</td><td class="id">${clip(t.value, 300)}</td><td class="n">${fmt(t.accounts)}</td><td class="n">${t.weight.toFixed(2)}</td></tr>`)}</tbody></table>` : ''}
${
  view.redacted
    ? html`<p>Prompts: ${PROMPT_OMITTED}</p>`
    : evidence?.prompts.length
      ? html`<p>Most repeated prompt templates (one example each, shortened):</p>${evidence.prompts.map((p) => html`<p>${fmt(p.exchanges)} exchanges from ${fmt(p.accounts)} accounts:</p><blockquote>${clip(p.example, 600)}</blockquote>`)}`
      : ''
}
<p>Accounts (${fmt(c.account_count)}${c.accounts.length > listed.length ? `, first ${ACCOUNTS_LISTED} listed; all in accounts.csv` : ''}):</p>
<div class="accounts id">${listed.join(', ')}</div>`;
}

function evidenceSection(view: ReportView): Html | string {
  const e = view.report.evidence;
  if (!e) return '';
  return html`<h2 id="evidence-coverage">Evidence coverage</h2>
${evidenceSentences(view.report).map((x) => html`<p>${x}</p>`)}
<table><thead><tr><th>evidence</th><th>carried by</th><th>of</th></tr></thead>
<tbody>${e.kinds.map((k) => html`<tr><td>${k.label}</td><td class="n">${fmt(k.present)}</td><td>${fmt(k.total)} ${k.of === 'exchanges' ? 'exchanges' : `rows of ${k.of}`}</td></tr>`)}</tbody></table>`;
}

function custody(view: ReportView): Html {
  const r = view.report;
  return html`<h2 id="custody">Chain of custody</h2>
<ul><li>Tool: ${r.tool.name} ${r.tool.version}</li><li>Report generated: ${r.generated_at}</li><li>Configuration hash (SHA-256): <code>${r.config_sha256}</code></li><li>Report schema: ${r.schema}</li></ul>
<table><thead><tr><th>input file</th><th>format</th><th>SHA-256</th><th>records</th><th>loaded</th><th>rejected</th><th>duplicates</th></tr></thead>
<tbody>${r.inputs.map((i) => html`<tr><td class="id">${i.path}</td><td>${formatShown(i)}</td><td><code>${i.sha256}</code></td><td class="n">${fmt(i.records)}</td><td class="n">${fmt(i.loaded)}</td><td class="n">${fmt(i.rejected)}</td><td class="n">${fmt(i.duplicates)}</td></tr>`)}</tbody></table>
${r.skipped_inputs?.length ? html`<p>Files met among the inputs and not read:</p><table><thead><tr><th>file</th><th>reason</th></tr></thead><tbody>${r.skipped_inputs.map((x) => html`<tr><td class="id">${x.path}</td><td>${x.reason}</td></tr>`)}</tbody></table>` : ''}
${reconciles(r) ? html`<p>Every input record is accounted for: records = ${reconcileTerms(r)} for each file.</p>` : html`<p class="warn">For at least one file, records ≠ ${reconcileTerms(r)}.</p>`}
${r.detectors.length ? html`<table><thead><tr><th>detector, rule pack or stage</th><th>kind</th><th>version</th></tr></thead><tbody>${r.detectors.map((d) => html`<tr><td>${d.name}</td><td>${d.kind ?? ''}</td><td>${d.version}</td></tr>`)}</tbody></table>` : ''}`;
}

/** Ids in attributes and fragment links: anything outside [A-Za-z0-9_-] becomes a hyphen. */
function anchor(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '-');
}
