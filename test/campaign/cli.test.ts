import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { jsonl, put, scratchDir } from '../helpers/scratch.js';

describe('scan finding options', () => {
  const dir = scratchDir('da-campaign-cli-');
  const log = put(dir, 'day.jsonl', jsonl([{ ts: '2026-02-01T00:00:00Z', account_id: 'a1', prompt: 'hello' }]));

  it('rejects an unknown level with exit 2', () => {
    const r = runCli(['scan', log, '--out', `${dir}/out1`, '--fail-on', 'severe']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--fail-on: "severe" is not a level');
  });

  it('rejects a broken allowlist before loading, naming the file and the element', () => {
    const allow = put(dir, 'allow.json', JSON.stringify({ entries: [{ type: 'account_id', value: 'a1' }] }));
    const r = runCli(['scan', log, '--out', `${dir}/out2`, '--allowlist', allow]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${allow}: entries[0].reason: missing or empty`);
  });

  it('exits 0 with --fail-on when nothing is found', () => {
    const r = runCli(['scan', log, '--out', `${dir}/out3`, '--fail-on', 'low', '--json', '--quiet']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).campaigns).toEqual([]);
  });
});
