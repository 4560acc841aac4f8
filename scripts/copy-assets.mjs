// Copies the non-TypeScript assets that the built code reads at run time (SQL files, rule packs)
// from src/ to dist/, keeping their relative paths.
import { cpSync, readdirSync, statSync, mkdirSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';

const SRC = 'src';
const DIST = 'dist';
const ASSET = /\.(sql|json)$/;

function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (ASSET.test(name)) {
      const target = join(DIST, relative(SRC, path));
      mkdirSync(dirname(target), { recursive: true });
      cpSync(path, target);
    }
  }
}
walk(SRC);
