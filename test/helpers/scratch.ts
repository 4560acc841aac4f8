import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A fresh temporary directory for one test's files. */
export function scratchDir(prefix = 'da-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes `content` at `dir/name` (parents created) and returns the full path. */
export function put(dir: string, name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}

/** JSON Lines text of the given records, one per line. */
export function jsonl(records: readonly unknown[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}
