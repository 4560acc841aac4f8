// Copies the non-TypeScript assets that the built code reads at run time (SQL files, rule packs)
// from src/ to dist/, keeping their relative paths; then removes from dist/ whatever no longer has
// a source (a deleted or renamed module would otherwise linger there and could still be imported).
import { cpSync, existsSync, readdirSync, rmSync, rmdirSync, statSync, mkdirSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';

const SRC = 'src';
const DIST = 'dist';
const ASSET = /\.(sql|json)$/;
// What tsc writes for src/x.ts: x.js, x.js.map, x.d.ts, x.d.ts.map.
const COMPILED = /\.(js|js\.map|d\.ts|d\.ts\.map)$/;

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

function prune(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      prune(path);
      if (readdirSync(path).length === 0) rmdirSync(path);
      continue;
    }
    const source = join(SRC, relative(DIST, path));
    const origin = COMPILED.test(name) ? source.replace(COMPILED, '.ts') : source;
    if (!existsSync(origin)) rmSync(path);
  }
}

walk(SRC);
if (existsSync(DIST)) prune(DIST);
