// The registry this project installs from serves only some of DuckDB's per-platform binding
// packages, so `npm install` writes a lock file without the others and `npm ci` then refuses the
// lock as out of sync with package.json. This script records every platform package that
// @duckdb/node-bindings lists as optional (os/cpu/libc only, nothing to download), so `npm ci`
// accepts the lock and skips the packages that do not match the machine. Run after changing the
// DuckDB version: `node scripts/lock-platforms.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const PLATFORM = /^@duckdb\/node-bindings-(darwin|linux|win32)-(x64|arm64)(-musl)?$/;
const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const bindings = lock.packages['node_modules/@duckdb/node-bindings'];
if (!bindings) throw new Error('package-lock.json has no @duckdb/node-bindings entry');

let added = 0;
for (const [name, version] of Object.entries(bindings.optionalDependencies ?? {})) {
  const key = `node_modules/${name}`;
  if (lock.packages[key]) continue;
  const m = PLATFORM.exec(name);
  if (!m) throw new Error(`unexpected optional dependency ${name}`);
  const entry = { version, cpu: [m[2]] };
  if (m[1] === 'linux') entry.libc = [m[3] ? 'musl' : 'glibc'];
  Object.assign(entry, { license: 'MIT', optional: true, os: [m[1]] });
  lock.packages[key] = entry;
  added++;
}
const sorted = {};
for (const key of Object.keys(lock.packages).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) sorted[key] = lock.packages[key];
lock.packages = sorted;
writeFileSync(path, JSON.stringify(lock, null, 2) + '\n');
console.error(`lock-platforms: ${added} platform package(s) recorded`);
