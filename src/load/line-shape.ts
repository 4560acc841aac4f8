/** Past this many empty lines a file is read line by line: their positions are kept in memory. */
const MAX_EMPTY = 100_000;

/**
 * The shape of a text file's lines, learnt from its bytes as they stream past (the digest's
 * read, so the file is not read again): how many lines it has, which are empty (nothing, or a
 * lone CR before the LF), and whether every other line opens with `{`. When that holds, DuckDB's
 * JSON reader yields exactly one record per non-empty line, in order, so a record's line is its
 * ordinal shifted past the empty lines before it. A BOM, leading white space or anything else at
 * the head of a line, a line of spaces, or a bare carriage return sends the file down the
 * line-by-line path instead.
 */
export class LineShape {
  private count = 0;
  private objects = true;
  private lastByte = -1;
  /** The next chunk starts a line whose first byte is not seen yet. */
  private startPending = true;
  /** The line being started began with CR, and its next byte decides whether it is empty. */
  private crPending = false;
  private pendingCr = false;
  private readonly empty: number[] = [];

  update(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (this.objects) {
      if (this.crPending) {
        this.crPending = false;
        if (chunk[0] === 0x0a) this.markEmpty(this.count + 1);
        else this.objects = false;
      } else if (this.startPending) {
        this.lineStart(chunk, 0);
      }
    }
    let nl = chunk.indexOf(0x0a);
    while (nl >= 0) {
      this.count++;
      if (this.objects && nl + 1 < chunk.length) this.lineStart(chunk, nl + 1);
      nl = chunk.indexOf(0x0a, nl + 1);
    }
    this.checkCarriageReturns(chunk);
    this.lastByte = chunk[chunk.length - 1]!;
    this.startPending = this.lastByte === 0x0a;
  }

  /** Judges the line that starts at `at` (line number count + 1) by its first bytes. */
  private lineStart(chunk: Buffer, at: number): void {
    const first = chunk[at];
    if (first === 0x7b) return;
    if (first === 0x0a) {
      this.markEmpty(this.count + 1);
    } else if (first === 0x0d) {
      if (at + 1 === chunk.length) this.crPending = true;
      else if (chunk[at + 1] === 0x0a) this.markEmpty(this.count + 1);
      else this.objects = false;
    } else {
      this.objects = false;
    }
  }

  private markEmpty(line: number): void {
    if (this.empty.length >= MAX_EMPTY) this.objects = false;
    else this.empty.push(line);
  }

  /**
   * A carriage return not followed by a newline ends a line for DuckDB's line reader but is white
   * space to its JSON reader: the two would number lines differently.
   */
  private checkCarriageReturns(chunk: Buffer): void {
    if (!this.objects) return;
    if (this.pendingCr && chunk[0] !== 0x0a) this.objects = false;
    this.pendingCr = false;
    for (let cr = chunk.indexOf(0x0d); cr >= 0 && this.objects; cr = chunk.indexOf(0x0d, cr + 1)) {
      if (cr + 1 === chunk.length) this.pendingCr = true;
      else if (chunk[cr + 1] !== 0x0a) this.objects = false;
    }
  }

  /** Lines of the file: a last line without its newline counts too. */
  get lines(): number {
    return this.count + (this.lastByte >= 0 && this.lastByte !== 0x0a ? 1 : 0);
  }

  /** Numbers (1-based, ascending) of the empty lines. */
  get emptyLines(): readonly number[] {
    return this.empty;
  }

  /** True when the file has a line that is not empty and every such line opens with `{`. */
  get everyLineAnObject(): boolean {
    return this.objects && !this.pendingCr && !this.crPending && this.lines > this.empty.length;
  }
}
