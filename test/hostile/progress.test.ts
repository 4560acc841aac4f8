import { describe, expect, it } from 'vitest';
import { Output } from '../../src/cli/output.js';
import { humanDuration, parseHumanDuration } from '../../src/duration.js';
import { loadProgress } from '../../src/load/index.js';
import { timeStage } from '../../src/pipeline.js';
import type { Context } from '../../src/context.js';
import { runCli } from '../helpers/cli.js';
import { jsonl, put, scratchDir } from '../helpers/scratch.js';

function capture(tty: boolean) {
  const err: string[] = [];
  const output = new Output({
    stdout: { write: () => true, isTTY: tty },
    stderr: { write: (s: string) => err.push(s) > 0, isTTY: tty },
    env: { NO_COLOR: '1' },
  });
  return { output, err };
}

describe('what the operator sees of a long run', () => {
  it('durations in human units, and back', () => {
    expect(humanDuration(412)).toBe('0.4 s');
    expect(humanDuration(34_350)).toBe('34.4 s');
    expect(humanDuration(59_960)).toBe('1 min 00 s');
    expect(humanDuration(125_000)).toBe('2 min 05 s');
    expect(humanDuration(14 * 60_000 + 3_000)).toBe('14 min 03 s');
    expect(humanDuration(3_720_000)).toBe('1 h 02 min');
    for (const ms of [400, 34_400, 125_000, 3_720_000]) expect(parseHumanDuration(humanDuration(ms))).toBe(ms);
  });

  it('the load line: files and records read, rate, time left', () => {
    expect(loadProgress(3, 40, 1_234_567, 30 * 2 ** 20, 120 * 2 ** 20, 10_000, 'logs/day-03.jsonl.gz')).toBe(
      '3/40 files, 1,234,567 records, 123,457 records/s, about 30.0 s left · logs/day-03.jsonl.gz',
    );
    expect(loadProgress(0, 2, 0, 0, 100, 0, 'a.jsonl')).toBe('0/2 files, 0 records · a.jsonl');
  });

  it('on a terminal: the running stage with its clock, the load line, a human duration at the end', async () => {
    const { output, err } = capture(true);
    const ctx = { log: output, timings: [] } as unknown as Context;
    await timeStage(ctx, 'load', async () => {
      output.progress(loadProgress(1, 2, 500, 50, 100, 2_000, 'a.jsonl'), 50, 100);
    });
    const text = err.join('');
    expect(text).toContain('\rstage load: running, 0.0 s\u001b[K');
    expect(text).toMatch(/\rload 0\.\d s · 1\/2 files, 500 records, 250 records\/s, about 2\.0 s left · a\.jsonl █{15}░{15} 50%\u001b\[K/);
    expect(text).toMatch(/\r\u001b\[Kstage load: 0\.\d s\n$/);
  });

  it('the stage clock ticks while a stage runs, and stops with it', async () => {
    const { output, err } = capture(true);
    const ctx = { log: output, timings: [] } as unknown as Context;
    await timeStage(ctx, 'features', () => new Promise((resolve) => setTimeout(resolve, 2_300)));
    const ticks = err.join('').match(/stage features: running, \d+\.\d s/g) ?? [];
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    const before = err.length;
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(err.length).toBe(before);
  });

  it('off a terminal: no progress at all, only the stage notes', async () => {
    const { output, err } = capture(false);
    const ctx = { log: output, timings: [] } as unknown as Context;
    await timeStage(ctx, 'load', async () => {
      output.progress('x', 1, 2);
    });
    expect(err.join('')).toMatch(/^stage load: 0\.\d s\n$/);
  });

  it('a scan piped to a file shows stage notes in human units and no progress line', { timeout: 90_000 }, () => {
    const dir = scratchDir();
    put(dir, 'logs/day.jsonl', jsonl([{ request_id: 'r1', ts: '2026-02-01T10:00:00Z', account_id: 'a1' }]));
    const run = runCli(['scan', 'logs', '--out', `${dir}/out`], { cwd: dir, timeoutMs: 80_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/\r|\u001b|running|records\/s/);
    expect(run.stderr).toMatch(/^stage load: \d+\.\d s$/m);
    expect(run.stderr).not.toMatch(/ ms$/m);
  });
});
