import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Compression } from './format.js';

/** Past this many bytes the sample stops even without its lines: one line may be a 10 MB prompt. */
const MAX_BYTES = 64 * 1024 * 1024;

/**
 * The first `count` lines of a plain or gzip text file, read from its head only. DuckDB's line
 * reader would start on whole buffers of the file (tens of MB per thread) to return a few
 * hundred lines, which on a large export cost as much as a tenth of the load. Lines that are not
 * valid UTF-8 are left out, as the load rejects them; a byte-order mark is dropped. Returns null
 * for compressions Node cannot inflate (zstd), where the caller asks DuckDB instead.
 */
export async function headLines(abs: string, compression: Compression, count: number): Promise<string[] | null> {
  if (compression === 'zstd') return null;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const lines: string[] = [];
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let total = 0;
  let first = true;
  const take = (bytes: Buffer): void => {
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
    try {
      let text = decoder.decode(bytes.subarray(0, end));
      if (first) text = text.replace(/^\uFEFF/, '');
      lines.push(text);
    } catch {
      lines.push('');
    }
    first = false;
  };
  const file = createReadStream(abs, { highWaterMark: 1 << 20 });
  const source = compression === 'gzip' ? file.pipe(createGunzip()) : file;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      let start = 0;
      for (let nl = chunk.indexOf(0x0a); nl >= 0 && lines.length < count; nl = chunk.indexOf(0x0a, start)) {
        const piece = chunk.subarray(start, nl);
        total += nl - start + 1;
        take(pending.length > 0 ? Buffer.concat([...pending, piece]) : piece);
        pending = [];
        pendingBytes = 0;
        start = nl + 1;
      }
      if (lines.length >= count) break;
      if (start < chunk.length) {
        pending.push(chunk.subarray(start));
        pendingBytes += chunk.length - start;
      }
      if (total + pendingBytes > MAX_BYTES) {
        pending = [];
        break;
      }
    }
  } catch {
    // A cut-off gzip stream yields what it holds; the digest names the damage when the load runs.
    pending = [];
  } finally {
    file.destroy();
  }
  if (pending.length > 0 && lines.length < count) take(Buffer.concat(pending));
  return lines.filter((l) => l.trim() !== '');
}
