import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { scratchDir } from '../helpers/scratch.js';

const require = createRequire(import.meta.url);
const ts = require('typescript') as typeof import('typescript');
const ERRORS = fileURLToPath(new URL('../../src/errors.ts', import.meta.url));
const ROOT_TYPES = fileURLToPath(new URL('../../node_modules/@types', import.meta.url));

const dir = scratchDir('da-error-code-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Type-checks one snippet against src/errors.ts with the project's strict settings; returns the messages. */
function check(snippet: string): string[] {
  const file = join(dir, 'snippet.ts');
  writeFileSync(file, `import { UserError } from ${JSON.stringify(ERRORS.replace(/\.ts$/, '.js'))};\n${snippet}\n`);
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    // src/errors.ts uses Node's types; the snippet sits in a scratch directory, away from node_modules.
    typeRoots: [ROOT_TYPES],
    types: ['node'],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('ErrorCode', () => {
  it('a known code compiles; a drifted one does not', () => {
    expect(check(`new UserError('x', 'report-invalid', 'a.json');`)).toEqual([]);
    expect(check(`new UserError('x', 'bad-report', 'a.json');`)).toEqual([
      `Argument of type '"bad-report"' is not assignable to parameter of type 'ErrorCode | undefined'.`,
    ]);
  }, 120_000);
});
