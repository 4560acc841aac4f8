import { describe, expect, it } from 'vitest';
import { Output } from '../../src/cli/output.js';
import { ExitCode, UserError } from '../../src/errors.js';

function capture(opts: { stdoutTTY?: boolean; stderrTTY?: boolean; env?: NodeJS.ProcessEnv } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const output = new Output({
    stdout: { write: (s: string) => out.push(s) > 0, isTTY: opts.stdoutTTY },
    stderr: { write: (s: string) => err.push(s) > 0, isTTY: opts.stderrTTY },
    env: opts.env ?? {},
  });
  return { output, out, err };
}

describe('Output', () => {
  it('keeps machine output on stdout and notes on stderr', () => {
    const { output, out, err } = capture();
    output.print('{"a":1}');
    output.info('loading');
    expect(out.join('')).toBe('{"a":1}\n');
    expect(err.join('')).toBe('loading\n');
  });

  it('is silent on stderr with --quiet except for warnings', () => {
    const { output, err } = capture();
    output.setQuiet(true);
    output.info('loading');
    output.warn('3 records rejected');
    expect(err.join('')).toBe('warning: 3 records rejected\n');
  });

  it('draws progress only on a terminal', () => {
    const piped = capture();
    piped.output.progress('load', 1, 2);
    expect(piped.err).toEqual([]);
    const tty = capture({ stderrTTY: true });
    tty.output.progress('load', 1, 2);
    expect(tty.err.join('')).toContain('50%');
  });

  it('colours only on a terminal and never with NO_COLOR', () => {
    expect(capture({ stdoutTTY: true }).output.color.level).toBeGreaterThan(0);
    expect(capture({ stdoutTTY: false }).output.color.level).toBe(0);
    expect(capture({ stdoutTTY: true, env: { NO_COLOR: '1' } }).output.color.level).toBe(0);
  });

  it('maps user errors to exit 2 with their location and anything else to exit 3', () => {
    const { output, err } = capture();
    expect(output.fail(new UserError('not JSON', 'input-corrupt', 'logs/a.jsonl', 7))).toBe(ExitCode.Usage);
    expect(err.join('')).toContain('error: logs/a.jsonl:7: not JSON');
    expect(output.fail(new TypeError('boom'))).toBe(ExitCode.Internal);
    expect(err.join('')).toContain('internal error: TypeError: boom');
  });
});
