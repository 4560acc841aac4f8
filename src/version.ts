import { readFileSync } from 'node:fs';

/** The package version, read once from package.json beside the built code. */
export const TOOL_NAME = 'distill-audit';
export const TOOL_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;
