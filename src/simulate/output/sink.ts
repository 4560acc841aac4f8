import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGzip, type Gzip } from 'node:zlib';

const CHUNK = 1 << 18;

/**
 * A text file written in large chunks with backpressure, optionally gzip-compressed. Memory stays
 * bounded by one chunk plus the streams' buffers, whatever the file's size.
 */
export class TextSink {
  private readonly file: WriteStream;
  private readonly gzip: Gzip | null;
  private buffer: string[] = [];
  private buffered = 0;

  constructor(path: string, compress: boolean) {
    this.file = createWriteStream(path);
    // Level 6 is zlib's default; a fixed level keeps the bytes identical run to run.
    this.gzip = compress ? createGzip({ level: 6 }) : null;
    if (this.gzip) this.gzip.pipe(this.file);
  }

  async write(text: string): Promise<void> {
    this.buffer.push(text);
    this.buffered += text.length;
    if (this.buffered >= CHUNK) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const data = this.buffer.join('');
    this.buffer = [];
    this.buffered = 0;
    const target = this.gzip ?? this.file;
    if (!target.write(data)) await once(target, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    const finished = once(this.file, 'close');
    if (this.gzip) this.gzip.end();
    else this.file.end();
    await finished;
  }
}
