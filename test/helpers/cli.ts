import { spawnSync } from 'node:child_process';
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
 */
export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; uid?: number; gid?: number } = {}): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    uid: options.uid,
    gid: options.gid,
    env: { ...process.env, NO_COLOR: '1', TZ: 'UTC', SOURCE_DATE_EPOCH: '1767225600', ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
