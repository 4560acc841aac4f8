import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { jsonl, put, scratchDir } from '../helpers/scratch.js';

// A few records are enough: every statement is traced whatever the input's size.
const records = Array.from({ length: 6 }, (_, i) => ({
  request_id: `r${i}`,
  ts: `2026-02-01T10:00:0${i}Z`,
  account_id: `acct_${i % 2}`,
  prompt: `question ${i}`,
  response: `answer ${i}`,
}));

describe('DISTILL_AUDIT_TRACE', () => {
  it('times each statement on stderr, naming it, and prints nothing of the kind without it', () => {
    const logs = put(scratchDir('da-trace-'), 'logs/day.jsonl', jsonl(records));
    const traced = runCli(['validate', logs], { env: { DISTILL_AUDIT_TRACE: '1' } });
    expect(traced.code, traced.stderr).toBe(0);
    expect(traced.stderr).toMatch(/^trace: start \d+ MB SET enable_external_access = false$/m);
    expect(traced.stderr).toMatch(/^trace: \d+\.\d\d s, \d+ MB SET enable_external_access = false$/m);
    expect(traced.stderr).toMatch(/^trace: \d+\.\d\d s, \d+ MB CREATE TABLE IF NOT EXISTS loaded_exchanges/m);
    expect(traced.stdout).not.toContain('trace:');
    expect(traced.stdout).toContain('6');
    const plain = runCli(['validate', logs], { env: { DISTILL_AUDIT_TRACE: '' } });
    expect(plain.code).toBe(0);
    expect(plain.stderr).not.toContain('trace:');
    expect(plain.stdout).toBe(traced.stdout);
  });
});
