import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Output } from '../../src/cli/output.js';
import { UserError } from '../../src/errors.js';
import { terminalBlock, terminalText } from '../../src/report/escape.js';
import { runCli } from '../helpers/cli.js';
import { jsonl, put, scratchDir } from '../helpers/scratch.js';

/**
 * What an attacker puts in a field to act on the investigator's terminal: CSI (clear screen,
 * colour), OSC set-title ended by BEL and by ST, a bare BEL, CR (overwrite the line), C1 CSI and
 * OSC, and bidi overrides and isolates (reorder what is shown).
 */
const HOSTILE =
  'x\u001b[2J\u001b[31mred\u001b]0;pwned\u0007\u001b]2;t\u001b\\\u0007\rover\u009b31m\u009d0;c1\u202eevil\u2066i\u2069\u0008\u007fz';

/** Every character a terminal would act on, except the newline and tab of a block of lines. */
function rawControls(text: string): string[] {
  return [...text.matchAll(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g)].map((m) => m[0]);
}

const GOOD = { request_id: 'r1', ts: '2026-02-01T10:00:00Z', account_id: 'acct_1', prompt: 'hello' };

describe('the one terminal-text path', () => {
  it('writes each active character as its \\u escape in a value', () => {
    expect(terminalText('a\u001b]0;t\u0007b\u202ec\n')).toBe('a\\u001b]0;t\\u0007b\\u202ec\\u000a');
    expect(rawControls(terminalText(HOSTILE))).toEqual([]);
  });

  it("keeps a block's newlines and tabs, and colour only when asked", () => {
    expect(terminalBlock('a\tb\n\u001b[1mc\u001b[22m\u001b]0;t\u0007', true)).toBe('a\tb\n\u001b[1mc\u001b[22m\\u001b]0;t\\u0007');
    expect(terminalBlock('\u001b[1mc\u001b[22m', false)).toBe('\\u001b[1mc\\u001b[22m');
  });

  it('leaves JSON valid and equal in value', () => {
    const value = { id: HOSTILE };
    expect(JSON.parse(terminalBlock(JSON.stringify(value), false))).toEqual(value);
  });

  it('guards every write of Output, coloured or not, whatever the caller forgot', () => {
    for (const tty of [false, true]) {
      const out: string[] = [];
      const err: string[] = [];
      const output = new Output({
        stdout: { write: (s: string) => out.push(s) > 0, isTTY: tty },
        stderr: { write: (s: string) => err.push(s) > 0, isTTY: tty },
        env: {},
      });
      output.print(`${output.color.bold('Inputs')} ${HOSTILE}`);
      output.printErr(HOSTILE);
      output.info(HOSTILE);
      output.warn(HOSTILE);
      output.fail(new UserError(`mapping: fields ${HOSTILE}`, 'input-unmapped', `${HOSTILE}.jsonl`, 3));
      output.fail(new Error(HOSTILE));
      const text = out.join('') + err.join('');
      // Coloured streams keep the tool's own SGR sequences (ESC [ … m) and nothing else.
      expect(rawControls(text.replace(/\u001b\[[0-9;]*m/g, '')), `tty ${tty}`).toEqual([]);
      expect(text).toContain('\\u001b]0;pwned\\u0007');
      expect(text).not.toContain('\u001b[2J');
    }
  });
});

describe('hostile text never reaches the terminal raw, end to end', () => {
  const dir = scratchDir();
  const hostileName = `logs/a${'\u001b]0;title\u0007'}\u202e.jsonl`;
  put(
    dir,
    'logs/day.jsonl',
    jsonl([
      GOOD,
      { request_id: 'r2', ts: HOSTILE, account_id: 'acct_2' },
      { request_id: 'r3', ts: '2026-02-01T10:00:00Z', account_id: HOSTILE },
    ]),
  );
  put(dir, hostileName, '');
  put(dir, `logs/notes${'\u001b[2J'}.txt`, 'not a log\n');

  function clean(run: { code: number; stdout: string; stderr: string }): void {
    expect(run.code, run.stderr).not.toBe(3);
    expect(run.code).not.toBe(-1);
    expect(rawControls(run.stdout)).toEqual([]);
    expect(rawControls(run.stderr)).toEqual([]);
  }

  it('validate: the first rejections quote the ts escaped, file names in warnings are escaped', { timeout: 60_000 }, () => {
    const run = runCli(['validate', 'logs'], { cwd: dir, timeoutMs: 40_000 });
    clean(run);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('logs/day.jsonl:2: ts: "x\\u001b[2J\\u001b[31mred\\u001b]0;pwned\\u0007');
    expect(run.stderr).toContain('warning: logs/a\\u001b]0;title\\u0007\\u202e.jsonl: no records (empty file)');
    expect(run.stdout).toContain('logs/notes\\u001b[2J.txt: not a log in a format distill-audit reads');
  });

  it('validate --json: valid JSON holding the very values', { timeout: 60_000 }, () => {
    const run = runCli(['validate', 'logs', '--json'], { cwd: dir, timeoutMs: 40_000 });
    clean(run);
    const result = JSON.parse(run.stdout);
    expect(result.inputs.map((i: { path: string }) => i.path)).toContain(hostileName);
  });

  it('scan: the summary and the warnings', { timeout: 90_000 }, () => {
    const run = runCli(['scan', 'logs', '--out', join(dir, 'out')], { cwd: dir, timeoutMs: 80_000 });
    clean(run);
    expect(run.code).toBe(0);
  });

  it('explain ACCOUNT echoes the id escaped', { timeout: 90_000 }, () => {
    const run = runCli(['explain', HOSTILE, 'logs/day.jsonl'], { cwd: dir, timeoutMs: 80_000 });
    clean(run);
    expect(run.stdout).toContain('x\\u001b[2J\\u001b[31mred');
  });

  it('an account id that is not in the data is escaped in the error', { timeout: 90_000 }, () => {
    const run = runCli(['explain', `nobody${HOSTILE}`, 'logs/day.jsonl'], { cwd: dir, timeoutMs: 80_000 });
    clean(run);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: account "nobodyx\\u001b[2J\\u001b[31mred\\u001b]0;pwned\\u0007');
  });

  it('the mapping error lists key names escaped', { timeout: 60_000 }, () => {
    const keys = scratchDir();
    put(keys, 'k.jsonl', jsonl([{ [`when${'\u001b]0;k\u0007'}`]: 1, [`who\u202e`]: 'a' }]));
    const run = runCli(['validate', 'k.jsonl'], { cwd: keys, timeoutMs: 40_000 });
    clean(run);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('when\\u001b]0;k\\u0007');
    expect(run.stderr).toContain('who\\u202e');
  });

  it('a hostile file name in an error', { timeout: 60_000 }, () => {
    const run = runCli(['validate', `missing${HOSTILE}.jsonl`], { cwd: dir, timeoutMs: 40_000 });
    clean(run);
    expect(run.code).toBe(2);
  });

  it('an unknown option quoted by the argument parser', { timeout: 60_000 }, () => {
    const run = runCli(['validate', `--${'\u001b]0;opt\u0007'}`], { cwd: dir, timeoutMs: 40_000 });
    clean(run);
    expect(run.code).toBe(2);
  });
});
