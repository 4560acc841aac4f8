import type { Command } from 'commander';
import { registerDiff } from './diff.js';
import { registerEvaluate } from './evaluate.js';
import { registerExplain } from './explain.js';
import { registerFeatures } from './features.js';
import type { Output } from './output.js';
import { registerReport } from './report.js';
import { registerScan } from './scan.js';
import { registerSchema } from './schema.js';
import { registerShard } from './shard.js';
import { registerShare } from './share.js';
import { registerSimulate } from './simulate.js';
import { registerRules } from './rules.js';
import { registerValidate } from './validate.js';

/** Adds one command to the program; `setExit` records the exit code the command ends with. */
export type RegisterCommand = (program: Command, output: Output, setExit: (code: number) => void) => void;

/** Every command of the CLI, in the order `--help` lists them. */
export const COMMANDS: readonly RegisterCommand[] = [
  registerScan,
  registerFeatures,
  registerShard,
  registerReport,
  registerDiff,
  registerShare,
  registerExplain,
  registerSchema,
  registerRules,
  registerValidate,
  registerSimulate,
  registerEvaluate,
];
