import { spawnSync } from 'node:child_process';
import { runProgram } from '../../src/cli/main.js';
import { Output } from '../../src/cli/output.js';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/distill-audit', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI (`bin/distill-audit`, so `npm run build` first; `npm test` does) as a user
 * would, without colour and with a pinned clock. Never throws on a non-zero exit: tests check it.
 * `timeoutMs` kills a run that takes longer (code -1), for probes that could hang.
 */
export function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; uid?: number; gid?: number; timeoutMs?: number } = {},
): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    uid: options.uid,
    gid: options.gid,
    env: { ...process.env, NO_COLOR: '1', TZ: 'UTC', SOURCE_DATE_EPOCH: '1767225600', ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    // spawnSync blocks the test's own timeout, so a probe that could hang bounds itself here.
    timeout: options.timeoutMs,
    killSignal: 'SIGKILL',
  });
  const timedOut = (result.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return {
    code: result.status ?? -1,
    stdout: result.stdout,
    stderr: result.stderr + (timedOut ? `\n[killed after ${options.timeoutMs} ms]` : ''),
  };
}

/**
 * Runs a command in this process (`runProgram`, what the built CLI runs after its launcher), with
 * stdout and stderr captured and no colour: the same parsing, output and exit code as `runCli`
 * without starting Node and DuckDB again. For commands that read no clock (`runCli` pins
 * SOURCE_DATE_EPOCH) and tests that need no separate process (signals, locks, exit of the process).
 */
export async function runCommand(args: readonly string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const output = new Output({
    stdout: { write: (s: string) => ((stdout += s), true) },
    stderr: { write: (s: string) => ((stderr += s), true) },
    env: { NO_COLOR: '1' },
  });
  const code = await runProgram(args, output, 'user');
  return { code, stdout, stderr };
}
