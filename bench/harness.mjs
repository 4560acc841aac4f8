// What the load benches share: a seeded generator of JSON Lines exports (byte-identical on every
// machine, generated once per size and seed) and the measurement of one command (wall time, CPU
// time and peak RSS from /usr/bin/time -v when present, else VmHWM polling and no CPU time).
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { dirname } from 'node:path';

/** mulberry32: a small seeded PRNG. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'the model answer explain step reasoning code function data please write a short proof about why how list compare translate summarise table query error fix test'.split(
    ' ',
  );

/**
 * Writes `file` (about `targetMb` MiB of JSON Lines) unless a marker says it was written with this
 * seed. `record(i, ts, draw)` makes the i-th record; `draw` holds `rand`, `pick(xs)` and `text(n words)`.
 */
export async function writeSeededJsonl(file, seed, targetMb, record) {
  const marker = `${file}.done`;
  if (existsSync(marker) && readFileSync(marker, 'utf8') === String(seed)) return;
  mkdirSync(dirname(file), { recursive: true });
  const rand = prng(seed);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const text = (n) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const draw = { rand, pick, text };
  const out = createWriteStream(file);
  const limit = targetMb * 1024 * 1024;
  let bytes = 0;
  let i = 0;
  let ts = Date.UTC(2026, 1, 1);
  while (bytes < limit) {
    let chunk = '';
    for (let k = 0; k < 2000; k++, i++) {
      ts += Math.floor(rand() * 2000);
      chunk += JSON.stringify(record(i, ts, draw)) + '\n';
    }
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  writeFileSync(marker, String(seed));
}

/** Runs a command and measures it; throws when it exits non-zero. `stdout` holds what it printed. */
export async function measure(argv) {
  const load = Math.round(loadavg()[0] * 100) / 100;
  const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  const cmd = timeBin ? [timeBin, '-v', ...argv] : argv;
  const started = performance.now();
  const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.on('data', (d) => (stdout += d));
  let peakKb = 0;
  const poll = timeBin
    ? null
    : setInterval(() => {
        try {
          const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          if (m) peakKb = Math.max(peakKb, Number(m[1]));
        } catch {
          /* exited */
        }
      }, 50);
  const [code] = await once(child, 'exit');
  if (poll) clearInterval(poll);
  const seconds = (performance.now() - started) / 1000;
  let cpu = null;
  if (timeBin) {
    peakKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? 0);
    const user = Number(/User time \(seconds\): ([\d.]+)/.exec(stderr)?.[1] ?? NaN);
    const system = Number(/System time \(seconds\): ([\d.]+)/.exec(stderr)?.[1] ?? NaN);
    if (Number.isFinite(user + system)) cpu = Math.round((user + system) * 100) / 100;
  }
  if (code !== 0) throw new Error(`${argv.join(' ')} exited ${code}:\n${stderr}`);
  return { seconds: Math.round(seconds * 100) / 100, cpu_seconds: cpu, peak_rss_mb: Math.round(peakKb / 1024), load_average: load, stdout };
}
