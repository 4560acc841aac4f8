/**
 * The shape of a text file's lines, learnt from its bytes as they stream past (the digest's
 * read, so the file is not read again): how many lines it has, and whether every one of them
 * opens with `{`. When both hold, DuckDB's JSON reader yields exactly one record per line, so a
 * record's ordinal is its line number; a blank line, a BOM, leading white space or anything else
 * at the head of a line, or a bare carriage return, sends the file down the line-by-line path.
 */
export class LineShape {
  private count = 0;
  private objects = true;
  private atLineStart = true;
  private lastByte = -1;
  private pendingCr = false;

  update(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (this.atLineStart && this.objects && chunk[0] !== 0x7b) this.objects = false;
    let nl = chunk.indexOf(0x0a);
    while (nl >= 0) {
      this.count++;
      if (nl + 1 < chunk.length) {
        if (this.objects && chunk[nl + 1] !== 0x7b) this.objects = false;
      }
      nl = chunk.indexOf(0x0a, nl + 1);
    }
    this.checkCarriageReturns(chunk);
    this.lastByte = chunk[chunk.length - 1]!;
    this.atLineStart = this.lastByte === 0x0a;
  }

  /**
   * A carriage return not followed by a newline ends a line for DuckDB's line reader but is white
   * space to its JSON reader: the two would number lines differently, so such a file is not "one
   * object per line".
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

  /** True when the file has at least one line and every line opens with `{`. */
  get everyLineAnObject(): boolean {
    return this.objects && !this.pendingCr && this.lines > 0;
  }
}
