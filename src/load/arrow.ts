import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { RecordBatchReader } from 'apache-arrow';
import { UserError } from '../errors.js';
import { LineShape } from './line-shape.js';

/**
 * DuckDB has no built-in Arrow IPC reader, so an Arrow file or stream is rewritten as JSON Lines
 * (one record batch at a time, memory bounded by a batch) and read like any JSON Lines file.
 * Row i of the Arrow data is line i of the copy, so quarantine positions stay true. Returns the
 * copy's line shape, so that DuckDB's JSON reader can read it when every row is an object.
 */
export async function arrowToJsonLines(abs: string, shown: string, target: string): Promise<LineShape> {
  const out = createWriteStream(target);
  const shape = new LineShape();
  const write = async (chunk: string): Promise<void> => {
    const bytes = Buffer.from(chunk);
    shape.update(bytes);
    if (!out.write(bytes)) await once(out, 'drain');
  };
  try {
    const reader = await RecordBatchReader.from(createReadStream(abs));
    for await (const batch of reader) {
      let chunk = '';
      for (let i = 0; i < batch.numRows; i++) {
        chunk += JSON.stringify(batch.get(i)?.toJSON() ?? null, jsonSafe) + '\n';
        if (chunk.length > 1 << 20) {
          await write(chunk);
          chunk = '';
        }
      }
      if (chunk) await write(chunk);
    }
  } catch (err) {
    out.destroy();
    throw new UserError(
      `not a readable Arrow IPC file or stream: ${err instanceof Error ? err.message : String(err)}`,
      'input-corrupt',
      shown,
    );
  }
  out.end();
  await once(out, 'finish');
  return shape;
}

/** Arrow's 64-bit integers arrive as bigint, which JSON cannot hold; dates as Date. */
function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  return value;
}
