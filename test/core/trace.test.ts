import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const logs = fileURLToPath(new URL('../../fixtures/demo/logs', import.meta.url));

describe('DISTILL_AUDIT_TRACE', () => {
  it('times each statement on stderr, naming it, and prints nothing of the kind without it', () => {
    const traced = runCli(['validate', logs], { env: { DISTILL_AUDIT_TRACE: '1' } });
    expect(traced.code, traced.stderr).toBe(0);
    expect(traced.stderr).toMatch(/^trace: start \d+ MB SET enable_external_access = false$/m);
    expect(traced.stderr).toMatch(/^trace: \d+\.\d\d s, \d+ MB SET enable_external_access = false$/m);
    expect(traced.stdout).not.toContain('trace:');
    const plain = runCli(['validate', logs], { env: { DISTILL_AUDIT_TRACE: '' } });
    expect(plain.code).toBe(0);
    expect(plain.stderr).not.toContain('trace:');
    expect(plain.stdout).toBe(traced.stdout);
  });
});
