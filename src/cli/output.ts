import { Chalk, type ChalkInstance } from 'chalk';
import { environmentError, ExitCode, isUserError } from '../errors.js';
import { terminalBlock, terminalText } from '../report/escape.js';
import { humanDuration } from '../duration.js';
import type { Logger } from '../context.js';

/** How often the running stage's clock is redrawn on a terminal. */
const STAGE_TICK_MS = 1000;

export interface OutputStreams {
  stdout: NodeJS.WriteStream | { write(s: string): boolean; isTTY?: boolean };
  stderr: NodeJS.WriteStream | { write(s: string): boolean; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/**
 * The one place that owns stdout, stderr, colour and exit codes. Machine output goes to stdout,
 * everything meant for a person to stderr; colour follows NO_COLOR / FORCE_COLOR and the TTY.
 */
export class Output implements Logger {
  readonly color: ChalkInstance;
  readonly errColor: ChalkInstance;
  private progressShown = false;
  private stage?: { name: string; started: number; timer: ReturnType<typeof setInterval> };
  /** When the last progress line was drawn, so the stage clock does not overwrite a fresher one. */
  private lastDrawn = 0;

  constructor(
    private readonly streams: OutputStreams = { stdout: process.stdout, stderr: process.stderr, env: process.env },
    private quiet = false,
  ) {
    this.color = new Chalk({ level: colourLevel(streams.stdout.isTTY === true, streams.env) });
    this.errColor = new Chalk({ level: colourLevel(streams.stderr.isTTY === true, streams.env) });
  }

  setQuiet(quiet: boolean): void {
    this.quiet = quiet;
  }

  get stdoutIsTTY(): boolean {
    return this.streams.stdout.isTTY === true;
  }

  /**
   * Machine-readable or primary output. Like every write here it passes `terminalBlock`: no
   * control byte of the data reaches the terminal, whichever renderer built the text.
   */
  print(text: string): void {
    const safe = terminalBlock(text, this.color.level > 0);
    this.streams.stdout.write(safe.endsWith('\n') ? safe : safe + '\n');
  }

  /** Human-readable output that must not mix with machine output on stdout. */
  printErr(text: string): void {
    this.clearProgress();
    const safe = terminalBlock(text, this.errColor.level > 0);
    this.streams.stderr.write(safe.endsWith('\n') ? safe : safe + '\n');
  }

  /** Messages are plain text that may quote data (file names, ids, key names): escaped whole. */
  info(message: string): void {
    if (!this.quiet) this.printErr(this.errColor.dim(terminalText(message)));
  }

  warn(message: string): void {
    this.printErr(`${this.errColor.yellow('warning:')} ${terminalText(message)}`);
  }

  /** Whether progress is drawn at all: on a terminal (stderr) and without --quiet, never elsewhere. */
  get drawsProgress(): boolean {
    return !this.quiet && this.streams.stderr.isTTY === true;
  }

  progress(label: string, done: number, total: number): void {
    if (!this.drawsProgress) return;
    const width = 30;
    const frac = total > 0 ? Math.min(1, done / total) : 0;
    const filled = Math.round(frac * width);
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    const stage = this.stage ? `${terminalText(this.stage.name)} ${humanDuration(Date.now() - this.stage.started)} · ` : '';
    this.draw(`${stage}${terminalText(label)} ${bar} ${Math.round(frac * 100)}%`);
  }

  progressDone(): void {
    if (this.stage) clearInterval(this.stage.timer);
    this.stage = undefined;
    this.clearProgress();
  }

  /** Names the running stage and its time, redrawn each second while nothing fresher is shown. */
  stageStarted(name: string): void {
    this.progressDone();
    if (!this.drawsProgress) return;
    const started = Date.now();
    const tick = () => {
      if (Date.now() - this.lastDrawn < STAGE_TICK_MS - 50) return;
      this.draw(`stage ${terminalText(name)}: running, ${humanDuration(Date.now() - started)}`);
    };
    const timer = setInterval(tick, STAGE_TICK_MS);
    // The clock never keeps the process alive.
    timer.unref();
    this.stage = { name, started, timer };
    tick();
  }

  private draw(line: string): void {
    this.streams.stderr.write(`\r${line}\x1b[K`);
    this.progressShown = true;
    this.lastDrawn = Date.now();
  }

  /** Reports an error and returns the exit code it maps to. */
  fail(thrown: unknown): ExitCode {
    // Out of memory, a full disk, a read-only output: the machine's state, said as such (exit 2).
    const err = environmentError(thrown) ?? thrown;
    if (isUserError(err)) {
      const where = err.file ? `${terminalText(err.file)}${err.line ? `:${err.line}` : ''}: ` : '';
      this.printErr(`${this.errColor.red('error:')} ${where}${terminalBlock(err.message, false)}`);
      return ExitCode.Usage;
    }
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    this.printErr(
      `${this.errColor.red('internal error:')} ${terminalBlock(detail, false)}\nThis is a bug in distill-audit; please report it with the command that was run.`,
    );
    return ExitCode.Internal;
  }

  private clearProgress(): void {
    if (this.progressShown) {
      this.streams.stderr.write('\r\x1b[K');
      this.progressShown = false;
    }
  }
}

function colourLevel(isTTY: boolean, env: NodeJS.ProcessEnv): 0 | 1 | 2 | 3 {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return 1;
  return isTTY ? 1 : 0;
}
