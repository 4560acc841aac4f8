import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCAN_STAGES } from '../../src/pipeline.js';
import { signalsStage } from '../../src/detectors/index.js';
import { DETECTORS } from '../../src/detectors/registry.js';
import { TIE_KINDS } from '../../src/link/kinds.js';
import { runStages } from '../../src/pipeline.js';
import { buildReport } from '../../src/report/build.js';
import { evidenceSentences } from '../../src/report/narrative.js';
import { testContext } from '../helpers/context.js';
import { jsonl, put, scratchDir } from '../helpers/scratch.js';

// Issue 12, evidence coverage: a column NULL everywhere must not read as behaviour; the report
// says which evidence the inputs carried and which detectors and tie kinds could not run.

/** Four accounts, 40 exchanges each over two days; `extra` adds fields to every record. */
function records(extra: (i: number) => Record<string, unknown> = () => ({})) {
  return Array.from({ length: 160 }, (_, i) => ({
    request_id: `r${i}`,
    account_id: `acct_${i % 4}`,
    ts: new Date(Date.UTC(2026, 1, 2) + i * 1_080_000).toISOString(),
    ...extra(i),
  }));
}

async function scanUpToSignals(lines: string) {
  const dir = scratchDir('da-evidence-');
  const ctx = await testContext({ paths: [put(dir, 'logs/a.jsonl', lines)] });
  await runStages(ctx, SCAN_STAGES.slice(0, SCAN_STAGES.indexOf(signalsStage) + 1));
  const signals = await ctx.db.all<{ detector: string; n: number }>(
    'SELECT detector, count(*) AS n FROM signals GROUP BY detector ORDER BY detector',
  );
  return { ctx, signals, dir };
}

describe('evidence coverage (hostile)', () => {
  it('single-turn spares accounts when the export has no conversation ids or turns (it scored each 1/3 before)', async () => {
    const { ctx, signals } = await scanUpToSignals(jsonl(records((i) => ({ input_tokens: 10, output_tokens: 20 + (i % 3) }))));
    expect(signals.filter((s) => s.detector === 'single-turn')).toEqual([]);
    const report = await buildReport(ctx);
    expect(report.evidence?.not_run.detectors).toEqual([
      { name: 'templating', missing: ['prompt'] },
      { name: 'elicitation', missing: ['prompt'] },
      { name: 'capability-focus', missing: ['prompt'] },
      { name: 'single-turn', missing: ['conversation'] },
      { name: 'release-pivot', missing: ['model', 'model_releases'] },
      { name: 're-registration', missing: ['enforcement'] },
      { name: 'key-sprawl', missing: ['ip'] },
    ]);
    expect(report.evidence?.kinds.find((k) => k.kind === 'tokens')).toEqual({
      kind: 'tokens',
      label: 'token counts',
      of: 'exchanges',
      present: 160,
      total: 160,
    });
  });

  it('single-turn fires when every exchange is its own one-turn conversation with long answers', async () => {
    const { ctx, signals } = await scanUpToSignals(
      jsonl(records((i) => ({ conversation_id: `c${i}`, turn: 1, input_tokens: 10, output_tokens: 200 }))),
    );
    expect(signals.find((s) => s.detector === 'single-turn')).toEqual({ detector: 'single-turn', n: 4 });
    const report = await buildReport(ctx);
    expect(report.evidence?.not_run.detectors.map((d) => d.name)).not.toContain('single-turn');
  });

  it('no column NULL everywhere makes a signal or a tie: only volume, cadence and no-ramp may run on ts and account alone', async () => {
    const { ctx, signals } = await scanUpToSignals(jsonl(records()));
    const ran = new Set(DETECTORS.filter((d) => d.needs.length === 0).map((d) => d.name));
    expect(signals.every((s) => ran.has(s.detector))).toBe(true);
    await runStages(ctx, SCAN_STAGES.slice(SCAN_STAGES.indexOf(signalsStage) + 1, SCAN_STAGES.indexOf(signalsStage) + 2));
    const kinds = await ctx.db.all<{ kind: string }>('SELECT DISTINCT kind FROM link_items ORDER BY kind');
    const free = new Set(TIE_KINDS.filter((k) => k.needs.length === 0).map((k) => k.kind));
    expect(kinds.every((k) => free.has(k.kind))).toBe(true);
    const report = await buildReport(ctx);
    expect(report.evidence?.not_run.tie_kinds.map((k) => k.kind)).toEqual(TIE_KINDS.filter((k) => k.needs.length > 0).map((k) => k.kind));
    const sentences = evidenceSentences(report);
    expect(sentences[0]).toBe(
      'Evidence the inputs did not carry: prompt text, system prompt, answer text, client IP, autonomous system, country of the IP, user agent, client fingerprint, API key id, model name, token counts, max_tokens, conversation ids or turns, accounts export, sign-up time, payment fingerprint, e-mail address or domain, indicators of actors, model release times, enforcement actions (bans).',
    );
    expect(sentences).toContain(
      'Detectors that could not run: templating (no prompt text); elicitation (no prompt text); capability-focus (no prompt text); single-turn (no conversation ids or turns); release-pivot (no model name, no model release times); re-registration (no enforcement actions (bans)); key-sprawl (no client IP).',
    );
    expect(sentences[sentences.length - 1]).toBe(
      'Finding no campaign here is not a clean bill of health: a campaign that shows only through the missing evidence cannot be found in these inputs.',
    );
  });

  it('says nothing is missing when every kind is there', () => {
    const kinds = [{ kind: 'prompt', label: 'prompt text', of: 'exchanges', present: 1, total: 1 }];
    expect(evidenceSentences({ evidence: { kinds, not_run: { detectors: [], tie_kinds: [] } } } as never)).toEqual([
      'The inputs carried every kind of evidence the detectors and ties use.',
    ]);
  });

  it('is in every format of the report and in the summary', async () => {
    const { runCli } = await import('../helpers/cli.js');
    const dir = scratchDir('da-evidence-cli-');
    put(dir, 'logs/a.jsonl', jsonl(records()));
    const run = runCli(['scan', 'logs', '--out', 'out', '--quiet'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      'Not run for lack of it: 7 of 10 detectors (templating, elicitation, capability-focus, single-turn, release-pivot, re-registration, key-sprawl), 11 of 13 kinds of tie',
    );
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(join(dir, 'out', 'report.md'), 'utf8')).toContain('## Evidence coverage');
    expect(readFileSync(join(dir, 'out', 'report.html'), 'utf8')).toContain('<h2 id="evidence-coverage">Evidence coverage</h2>');
    expect(JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')).evidence.not_run.detectors).toHaveLength(7);
  });

  it('takes bans from the accounts export too: without an investigation file the demo still finds its hydra by re-registration', async () => {
    const { runCli } = await import('../helpers/cli.js');
    const { readFileSync } = await import('node:fs');
    const { fileURLToPath } = await import('node:url');
    const demo = (name: string) => fileURLToPath(new URL(`../../fixtures/demo/${name}`, import.meta.url));
    const dir = scratchDir('da-evidence-bans-');
    const run = runCli(['scan', demo('logs'), '--accounts', demo('accounts.csv'), '--out', join(dir, 'out'), '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
    expect(report.evidence.not_run.detectors.map((d: { name: string }) => d.name)).toEqual(['release-pivot']);
    expect(report.campaigns.map((c: { account_count: number }) => c.account_count)).toEqual([24, 13, 5]);
    expect(report.campaigns[0].signals.map((s: { detector: string }) => s.detector)).toContain('re-registration');
  });
});
