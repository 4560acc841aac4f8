/**
 * Walks the frame and block headers of a zstd stream as its bytes stream past, without inflating
 * it: a stream that ends inside a frame (a cut-off file) or holds a header no encoder writes is
 * damaged. DuckDB reads a cut-off zstd file as if it held no line at all, and Node 20 cannot
 * inflate zstd, so this is what tells a damaged file from an empty one. Corrupt bytes inside a
 * block are left to DuckDB, which fails on them when it reads the file.
 * Layout: RFC 8878, sections 3.1.1 (frames) and 3.1.2 (skippable frames).
 */
export class ZstdFrames {
  private state: 'magic' | 'skippable' | 'header' | 'rest' | 'block' | 'checksum' = 'magic';
  private need = 4;
  private held: number[] = [];
  private skip = 0;
  private checksum = false;
  private lastBlock = false;
  private frames = 0;
  private damage: string | undefined;

  update(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length && !this.damage) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i);
        this.skip -= n;
        i += n;
        continue;
      }
      this.held.push(chunk[i++]!);
      if (this.held.length === this.need) {
        const bytes = this.held;
        this.held = [];
        this.step(bytes);
      }
    }
  }

  /** Why the stream is damaged, once every byte has been seen; undefined when it is whole. */
  finish(): string | undefined {
    if (this.damage) return this.damage;
    const between = this.state === 'magic' && this.held.length === 0 && this.skip === 0;
    return between && this.frames > 0 ? undefined : 'zstd stream is truncated';
  }

  private step(b: number[]): void {
    switch (this.state) {
      case 'magic': {
        const magic = (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
        if (magic === 0xfd2fb528) this.expect('header', 1);
        else if ((magic & 0xfffffff0) >>> 0 === 0x184d2a50) this.expect('skippable', 4);
        else this.damage = 'zstd stream is corrupt (no frame where one should start)';
        return;
      }
      case 'skippable':
        this.skip = (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
        this.frames++;
        this.expect('magic', 4);
        return;
      case 'header': {
        const d = b[0]!;
        if (d & 0x08) {
          this.damage = 'zstd stream is corrupt (reserved bit set in a frame header)';
          return;
        }
        const fcs = d >> 6;
        const single = (d >> 5) & 1;
        this.checksum = ((d >> 2) & 1) === 1;
        const rest = (single ? 0 : 1) + [0, 1, 2, 4][d & 3]! + (fcs === 0 ? single : [0, 2, 4, 8][fcs]!);
        if (rest > 0) this.expect('rest', rest);
        else this.expect('block', 3);
        return;
      }
      case 'rest':
        this.expect('block', 3);
        return;
      case 'block': {
        const v = b[0]! | (b[1]! << 8) | (b[2]! << 16);
        const type = (v >> 1) & 3;
        if (type === 3) {
          this.damage = 'zstd stream is corrupt (reserved block type)';
          return;
        }
        this.lastBlock = (v & 1) === 1;
        this.skip = type === 1 ? 1 : v >>> 3;
        if (!this.lastBlock) this.expect('block', 3);
        else if (this.checksum) this.expect('checksum', 4);
        else this.endFrame();
        return;
      }
      case 'checksum':
        this.endFrame();
        return;
    }
  }

  private endFrame(): void {
    this.frames++;
    this.expect('magic', 4);
  }

  private expect(state: ZstdFrames['state'], bytes: number): void {
    this.state = state;
    this.need = bytes;
  }
}
