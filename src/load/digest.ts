import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Compression } from './format.js';
import { LineShape } from './line-shape.js';
import { ZstdFrames } from './zstd-frames.js';

export interface Digest {
  sha256: string;
  /** Why the file cannot be trusted whole (a cut-off or corrupt gzip stream), when it cannot. */
  problem?: string;
  /** The lines of the (inflated) text, when asked for; absent for zstd, which Node cannot inflate. */
  shape?: LineShape;
}

/**
 * SHA-256 of the file's bytes, read once as a stream. A gzip file is also inflated on the way,
 * because DuckDB reads a truncated gzip stream to where it breaks without complaint, and a
 * forensic load must not pass half a file off as the whole of it; a zstd file's frames are
 * walked (`ZstdFrames`), because DuckDB reads a cut-off zstd file as holding nothing.
 */
export function digestFile(abs: string, compression: Compression, lines = false): Promise<Digest> {
  return new Promise((resolvePromise, reject) => {
    const hash = createHash('sha256');
    const shape = lines && compression !== 'zstd' ? new LineShape() : undefined;
    const stream = createReadStream(abs, { highWaterMark: 1 << 20 });
    const frames = compression === 'zstd' ? new ZstdFrames() : undefined;
    let problem: string | undefined;
    let gunzip: ReturnType<typeof createGunzip> | undefined;
    let gunzipDone: Promise<void> = Promise.resolve();
    if (compression === 'gzip') {
      gunzip = createGunzip();
      gunzipDone = new Promise((done) => {
        gunzip!.on('error', (err: NodeJS.ErrnoException) => {
          problem =
            err.code === 'Z_BUF_ERROR' || /unexpected end/i.test(err.message)
              ? 'gzip stream is truncated'
              : `gzip stream is corrupt (${err.message})`;
          stream.resume();
          done();
        });
        gunzip!.on('end', () => done());
        if (shape) gunzip!.on('data', (chunk: Buffer) => shape.update(chunk));
        else gunzip!.resume();
      });
    }
    stream.on('data', (chunk) => {
      hash.update(chunk);
      frames?.update(chunk as Buffer);
      if (shape && !gunzip) shape.update(chunk as Buffer);
      if (gunzip && !problem) {
        if (!gunzip.write(chunk)) {
          stream.pause();
          gunzip.once('drain', () => stream.resume());
        }
      }
    });
    stream.on('error', reject);
    stream.on('end', () => {
      if (gunzip && !problem) gunzip.end();
      if (frames) problem = frames.finish();
      void gunzipDone.then(() => resolvePromise({ sha256: hash.digest('hex'), problem, shape }));
    });
  });
}
