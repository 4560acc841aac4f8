import type { SimExchange } from '../exchange.js';
import type { Random } from '../random.js';
import { CSV_HEADER, formatLine, type LogFormat } from './formats.js';
import { malformedRecord } from './plant.js';
import { TextSink } from './sink.js';

/** What truth.json says about one log file. */
export interface FileTruth {
  path: string;
  format: LogFormat;
  compressed: boolean;
  /** Records in the file (header excluded): exchanges + malformed + duplicates. */
  records: number;
  /** Unique, loadable exchanges. */
  exchanges: number;
  malformed: number;
  duplicates: number;
  /** First physical line (1-based) of each planted record, for checking the quarantine. */
  malformed_lines: { line: number; reason: string }[];
  duplicate_lines: number[];
}

/**
 * Writes one day's exchanges (already sorted) and plants a few malformed records and duplicate
 * copies among them. Duplicates copy a record a little earlier in the same file, so that which
 * copy is "the duplicate" does not depend on the order files are loaded in.
 */
export async function writeDayFile(
  absolutePath: string,
  relativePath: string,
  format: LogFormat,
  compress: boolean,
  exchanges: readonly SimExchange[],
  rng: Random,
): Promise<FileTruth> {
  const truth: FileTruth = {
    path: relativePath,
    format,
    compressed: compress,
    records: 0,
    exchanges: exchanges.length,
    malformed: 0,
    duplicates: 0,
    malformed_lines: [],
    duplicate_lines: [],
  };
  const n = exchanges.length;
  const malformedAt = new Map<number, number>();
  const duplicateAt = new Map<number, number[]>();
  if (n > 0) {
    for (let k = rng.range(1, 4); k > 0; k--) {
      const at = rng.int(n);
      malformedAt.set(at, (malformedAt.get(at) ?? 0) + 1);
    }
    for (let k = rng.range(1, 4); k > 0; k--) {
      const source = rng.int(n);
      const at = Math.min(n - 1, source + rng.range(0, 40));
      const list = duplicateAt.get(at) ?? [];
      list.push(source);
      duplicateAt.set(at, list);
    }
  }
  const sink = new TextSink(absolutePath, compress);
  let line = 1;
  const emit = async (text: string) => {
    await sink.write(text + '\n');
    line += 1 + countNewlines(text);
    truth.records++;
  };
  if (format === 'csv') {
    await sink.write(CSV_HEADER + '\n');
    line++;
  }
  for (let i = 0; i < n; i++) {
    await emit(formatLine(format, exchanges[i]!));
    for (let k = malformedAt.get(i) ?? 0; k > 0; k--) {
      const bad = malformedRecord(rng, format, exchanges[i]!);
      truth.malformed_lines.push({ line, reason: bad.reason });
      truth.malformed++;
      await emit(bad.text);
    }
    for (const source of duplicateAt.get(i) ?? []) {
      truth.duplicate_lines.push(line);
      truth.duplicates++;
      await emit(formatLine(format, exchanges[source]!));
    }
  }
  await sink.close();
  return truth;
}

function countNewlines(s: string): number {
  let c = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) c++;
  return c;
}
