import { closeSync, openSync, readSync } from 'node:fs';
import { constants, createGunzip } from 'node:zlib';
import type { Database } from '../db/database.js';
import { quoteString } from '../db/sql.js';
import { UserError } from '../errors.js';
import { firstLine, type InputFile } from './input-file.js';

export type Format = 'jsonl' | 'json' | 'csv' | 'tsv' | 'parquet' | 'arrow' | 'arrow-stream';
export type Compression = 'none' | 'gzip' | 'zstd';

export interface Detected {
  format: Format;
  compression: Compression;
  /** How the format was decided: by the bytes, or by the file name when the bytes said nothing. */
  by: 'content' | 'extension';
  /** True when the file holds no record at all (zero bytes, or only white space). */
  empty: boolean;
}

const HEAD_BYTES = 64 * 1024;

/** Containers met among exported logs that we do not open, by their magic bytes, with what to do instead. */
const UNSUPPORTED: readonly { name: string; magic: number[]; fix: string }[] = [
  // "BZh" and the block size, a digit 1-9.
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => ({
    name: 'bzip2-compressed',
    magic: [0x42, 0x5a, 0x68, 0x30 + d],
    fix: 'decompress it (bunzip2) or recompress it with gzip or zstd',
  })),
  { name: 'xz-compressed', magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], fix: 'decompress it (unxz) or recompress it with gzip or zstd' },
  { name: 'a zip archive', magic: [0x50, 0x4b, 0x03, 0x04], fix: 'extract it and scan the files it holds' },
  { name: 'a 7-Zip archive', magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], fix: 'extract it and scan the files it holds' },
];

/** How DuckDB reads a format's rows (`reader.ts`). */
export type ReadKind = 'lines' | 'array' | 'delimited' | 'columnar';

/**
 * The traits of one container format, in one place (`FORMATS`): how it is named and sniffed,
 * read, streamed and quarantined. The loader asks these, never the format's name.
 */
export interface FormatTraits {
  /** File name extensions naming it (also before a `.gz` / `.zst` suffix). */
  extensions: readonly string[];
  /** Leading bytes that name it whatever the file is called, and the head length they need. */
  magic?: { bytes: readonly number[]; minLength: number };
  /** A binary container: its bytes must say so; the extension alone never decides it. */
  binary: boolean;
  /**
   * How its rows are read: `lines`, raw lines (JSON Lines, and the JSON Lines copy of Arrow);
   * `array`, the elements of one JSON array; `delimited`, CSV/TSV with a header; `columnar`, Parquet's row groups.
   */
  read: ReadKind;
  /** The field delimiter of a delimited format. */
  delimiter?: string;
  /** Read from a JSON Lines copy written first, one record batch at a time (`arrow.ts`: DuckDB has no Arrow reader). */
  viaJsonLines: boolean;
  /** Rows are a table whose column names the file gives (a header line, a schema): `tableColumns`. */
  namedColumns: boolean;
  /** One record per line: the digest checks the line shape, and the *fields* read may apply. */
  lineRecords: boolean;
  /** The *typed* read of the file's own columns applies (`typed-read.ts`). */
  typedRead: boolean;
  /** The text is JSON (a pretty-printed OTLP document is told by its head). */
  jsonText: boolean;
  /** Rows DuckDB's reader cannot read go to its reject tables, then quarantine with their line. */
  readerRejects: boolean;
  /** Lines before the first record (a CSV header), for positions. */
  headerLines: number;
  /** Readable as an `--accounts` file. */
  accounts: boolean;
  /** Readable as a companion table of another export (`stageCompanionFile`). */
  companion: boolean;
}

const JSON_LINES: FormatTraits = {
  extensions: ['jsonl', 'ndjson', 'json'],
  binary: false,
  read: 'lines',
  viaJsonLines: false,
  namedColumns: false,
  lineRecords: true,
  typedRead: false,
  jsonText: true,
  readerRejects: true,
  headerLines: 0,
  accounts: true,
  companion: true,
};
const DELIMITED: Omit<FormatTraits, 'extensions' | 'delimiter'> = {
  binary: false,
  read: 'delimited',
  viaJsonLines: false,
  namedColumns: true,
  lineRecords: false,
  typedRead: true,
  jsonText: false,
  readerRejects: true,
  headerLines: 1,
  accounts: true,
  companion: true,
};
const ARROW: Omit<FormatTraits, 'extensions' | 'magic'> = {
  binary: true,
  read: 'lines',
  viaJsonLines: true,
  namedColumns: false,
  lineRecords: false,
  typedRead: false,
  jsonText: false,
  readerRejects: true,
  headerLines: 0,
  accounts: false,
  companion: false,
};

export const FORMATS: Readonly<Record<Format, FormatTraits>> = {
  jsonl: JSON_LINES,
  json: {
    ...JSON_LINES,
    extensions: [],
    read: 'array',
    lineRecords: false,
    readerRejects: false,
  },
  csv: { ...DELIMITED, extensions: ['csv'], delimiter: ',' },
  tsv: { ...DELIMITED, extensions: ['tsv'], delimiter: '\t' },
  parquet: {
    extensions: ['parquet'],
    magic: { bytes: [0x50, 0x41, 0x52, 0x31], minLength: 4 },
    binary: true,
    read: 'columnar',
    viaJsonLines: false,
    namedColumns: true,
    lineRecords: false,
    typedRead: true,
    jsonText: false,
    readerRejects: false,
    headerLines: 0,
    accounts: true,
    companion: false,
  },
  // "ARROW1": an IPC file; 0xFFFFFFFF and a length: an IPC stream.
  arrow: { ...ARROW, extensions: ['arrow', 'feather', 'ipc'], magic: { bytes: [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31], minLength: 6 } },
  'arrow-stream': { ...ARROW, extensions: [], magic: { bytes: [0xff, 0xff, 0xff, 0xff], minLength: 8 } },
};

const EXTENSIONS: Record<string, Format> = Object.fromEntries(
  (Object.entries(FORMATS) as [Format, FormatTraits][]).flatMap(([format, t]) => t.extensions.map((ext) => [ext, format])),
);

/**
 * Decides a file's format from its first bytes, and from its name only when the bytes are not
 * conclusive. Returns null for a file that is not a log in any format we read.
 */
export async function detectFormat(db: Database, file: InputFile): Promise<Detected | null> {
  const head = readHead(file);
  const unsupported = UNSUPPORTED.find((u) => startsWith(head, u.magic));
  if (unsupported)
    throw new UserError(`is ${unsupported.name}, which distill-audit does not read; ${unsupported.fix}`, 'input-unsupported', file.path);
  const byName = fromExtension(file.path);
  for (const [format, traits] of Object.entries(FORMATS) as [Format, FormatTraits][]) {
    if (traits.magic && head.length >= traits.magic.minLength && startsWith(head, traits.magic.bytes))
      return { format, compression: 'none', by: 'content', empty: false };
  }
  let compression: Compression = 'none';
  let text: string;
  if (startsWith(head, [0x1f, 0x8b])) {
    compression = 'gzip';
    text = await gunzipHead(head);
  } else if (startsWith(head, [0x28, 0xb5, 0x2f, 0xfd])) {
    compression = 'zstd';
    text = await zstdHead(db, file);
  } else {
    text = head.toString('utf8');
  }
  text = text.replace(/^\uFEFF/, '');
  const trimmed = text.trimStart();
  const empty = trimmed.length === 0 && (compression !== 'none' || file.size <= HEAD_BYTES);
  const byContent = sniffText(trimmed);
  if (byContent) return { format: byContent, compression, by: 'content', empty };
  if (byName && !FORMATS[byName.format].binary) return { format: byName.format, compression, by: 'extension', empty };
  if (empty && byName) return { format: byName.format, compression, by: 'extension', empty };
  return null;
}

function sniffText(text: string): Format | null {
  if (text.startsWith('{')) return 'jsonl';
  if (text.startsWith('[')) return 'json';
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  // A header row: printable, delimited, no control bytes (binary data would be garbage here).
  if (!firstLine || /[\x00-\x08\x0e-\x1f]/.test(firstLine)) return null;
  const tabs = firstLine.split('\t').length - 1;
  const commas = firstLine.split(',').length - 1;
  if (tabs > 0 && tabs >= commas) return 'tsv';
  if (commas > 0) return 'csv';
  return null;
}

/** Format named by the file's extension, looking through a .gz / .zst suffix. */
export function fromExtension(path: string): { format: Format; compression: Compression } | null {
  const parts = path.toLowerCase().split('/').pop()!.split('.');
  let compression: Compression = 'none';
  let ext = parts.pop();
  if (ext === 'gz' || ext === 'gzip') (compression = 'gzip'), (ext = parts.pop());
  else if (ext === 'zst' || ext === 'zstd') (compression = 'zstd'), (ext = parts.pop());
  const format = ext && parts.length > 0 ? EXTENSIONS[ext] : undefined;
  return format ? { format, compression } : null;
}

function readHead(file: InputFile): Buffer {
  let fd: number;
  try {
    fd = openSync(file.abs, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : `cannot open (${code ?? String(err)})`;
    throw new UserError(why, 'input-unreadable', file.path);
  }
  try {
    const buf = Buffer.alloc(Math.min(HEAD_BYTES, Math.max(file.size, 0)));
    const n = buf.length > 0 ? readSync(fd, buf, 0, buf.length, 0) : 0;
    return buf.subarray(0, n);
  } catch (err) {
    throw new UserError(`cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`, 'input-unreadable', file.path);
  } finally {
    closeSync(fd);
  }
}

/**
 * What the head of a gzip stream inflates to, up to where it breaks: a prefix of a longer file
 * ends mid-stream, and a damaged file (bad checksum, corrupt block) still shows the records
 * before the damage, which the digest names when the file is read whole.
 */
function gunzipHead(head: Buffer): Promise<string> {
  return new Promise((done) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (): void => done(Buffer.concat(chunks).subarray(0, HEAD_BYTES).toString('utf8'));
    const gunzip = createGunzip({ finishFlush: constants.Z_SYNC_FLUSH });
    gunzip.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= HEAD_BYTES) gunzip.destroy();
    });
    gunzip.on('error', finish);
    gunzip.on('end', finish);
    gunzip.on('close', finish);
    gunzip.end(head);
  });
}

/**
 * Node 20 has no zstd; DuckDB does, so it reads the first lines. DuckDB failing on the bytes
 * (corrupt data) is the file's damage, named now; a cut-off file reads as nothing here and is
 * named by the digest (`ZstdFrames`).
 */
async function zstdHead(db: Database, file: InputFile): Promise<string> {
  try {
    const rows = await db.all<{ line: string | null }>(
      `SELECT line FROM read_csv(${quoteString(file.abs)}, columns = {'line': 'VARCHAR'}, delim = chr(1), quote = '',
              escape = '', header = false, auto_detect = false, strict_mode = false, ignore_errors = true,
              compression = 'zstd', max_line_size = 268435456, buffer_size = 536870912) LIMIT 5`,
    );
    return rows.map((r) => r.line ?? '').join('\n');
  } catch (err) {
    throw new UserError(`zstd stream is corrupt (${firstLine(err)})`, 'input-corrupt', file.path);
  }
}

function startsWith(buf: Buffer, bytes: readonly number[]): boolean {
  return buf.length >= bytes.length && bytes.every((b, i) => buf[i] === b);
}
