// Regenerates fixtures/demo/ (the committed demo data) from the built CLI: the `tiny` preset with a
// fixed seed. A test regenerates it into a temporary directory and compares it with the committed files,
// so change the simulator and this fixture in the same commit.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const DEMO_ARGS = ['simulate', '--preset', 'tiny', '--seed', '7'];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? join(root, 'fixtures', 'demo');
  const run = spawnSync(process.execPath, [join(root, 'bin', 'distill-audit'), ...DEMO_ARGS, '--out', out, '--force', '--quiet'], {
    stdio: 'inherit',
  });
  process.exit(run.status ?? 1);
}
