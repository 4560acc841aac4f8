/** Exit codes of the contract (CONTRACT.md section 3). */
export const ExitCode = {
  Ok: 0,
  Findings: 1,
  Usage: 2,
  Internal: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Every `UserError` code, mostly `<what>-<problem>`: `<what>` names the input or flag, `<problem>`
 * says what is wrong: missing (no such file), unreadable (cannot be opened or read), invalid (read,
 * but not the expected content), corrupt (damaged container), exists, busy, unwritable, empty.
 * One code per problem; a new one is added here, so a typo does not compile. `disk-full`,
 * `memory-limit` and `spill-full` are the resources a run ran out of.
 */
export type ErrorCode =
  | 'usage'
  | 'account-unknown'
  | 'accounts-invalid' | 'accounts-missing'
  | 'allowlist-invalid' | 'allowlist-unreadable'
  | 'db-busy' | 'db-missing' | 'db-unreadable'
  | 'disk-full' | 'memory-limit' | 'spill-full'
  | 'indicators-invalid'
  | 'input-corrupt' | 'input-empty' | 'input-format' | 'input-missing' | 'input-unmapped'
  | 'input-unreadable' | 'input-unsupported'
  | 'map-invalid'
  | 'no-clusters' | 'no-run'
  | 'observables-invalid' | 'observables-unreadable'
  | 'out-busy' | 'out-exists' | 'out-not-ours' | 'out-unwritable'
  | 'partial-invalid' | 'partial-missing' | 'partial-overlap' | 'partial-rules'
  | 'report-invalid' | 'report-missing' | 'report-unreadable'
  | 'rules-invalid'
  | 'truth-invalid' | 'truth-missing'
  | 'window-empty';

/**
 * A problem with what the user gave us (flags, paths, files): exit 2, never a stack trace.
 * `code` is a stable identifier tests and scripts can match on; `file` and `line` locate it.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly code: ErrorCode = 'usage',
    readonly file?: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}
