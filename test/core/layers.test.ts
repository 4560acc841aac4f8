import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/db/database.js';
import { splitStatements } from '../../src/db/script.js';

const SRC = join(import.meta.dirname, '../../src');

function files(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name), ext) : e.name.endsWith(ext) ? [join(dir, e.name)] : [],
  );
}

/** The module specifiers a TypeScript file imports or re-exports (static and dynamic). */
function imports(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]/g)) found.push(m[1]!);
  for (const m of text.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]!);
  return found;
}

describe('layers: data flows one way', () => {
  it('no module outside src/cli imports from src/cli (the CLI wires flags to the pipeline, never the reverse)', () => {
    const upward: string[] = [];
    for (const file of files(SRC, '.ts')) {
      const rel = relative(SRC, file);
      if (rel.startsWith('cli/')) continue;
      for (const spec of imports(readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        if (relative(SRC, join(file, '..', spec)).startsWith('cli/')) upward.push(`${rel} imports ${spec}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('finds the imports it checks (the scan above is not blind)', () => {
    expect(imports(readFileSync(join(SRC, 'cli/run.ts'), 'utf8'))).toContain('./interrupt.js');
    expect(imports("import type { Logger } from '../cli/output.js';\nexport { x } from './y.js';")).toEqual(['../cli/output.js', './y.js']);
  });
});

describe('one way to run a .sql file', () => {
  let db: Database | undefined;
  afterAll(() => db?.close());

  it('runs every .sql file through runScript (db/script.ts), never a bare db.run', () => {
    const bare = files(SRC, '.ts')
      .filter((f) => /\.run\(\s*sqlFile\(/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SRC, f));
    expect(bare).toEqual([]);
  });

  it("splits every shipped .sql file into the statements DuckDB's own parser finds", async () => {
    db = await Database.open();
    const checked: string[] = [];
    for (const file of files(SRC, '.sql')) {
      const text = readFileSync(file, 'utf8');
      // Templates (`{{…}}` fragments, or a WITH list completed in code) are checked once filled, where they run.
      if (text.includes('{{') || relative(SRC, file) === 'report/accounts.sql') continue;
      const parsed = (await db.connection.extractStatements(text)).count;
      expect(splitStatements(text).length, relative(SRC, file)).toBe(parsed);
      checked.push(file);
    }
    expect(checked.length).toBeGreaterThan(40);
  });
});
