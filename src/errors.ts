/** Exit codes of the contract (CONTRACT.md section 3). */
export const ExitCode = {
  Ok: 0,
  Findings: 1,
  Usage: 2,
  Internal: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * A problem with what the user gave us (flags, paths, files): exit 2, never a stack trace.
 * `code` is a stable identifier tests and scripts can match on; `file` and `line` locate it.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly code: string = 'usage',
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
