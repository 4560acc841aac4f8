import { Command, CommanderError } from 'commander';
import { ExitCode } from '../errors.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { Output } from './output.js';
import { COMMANDS } from './commands.js';

/** Entry point of the CLI; returns (and sets) the process exit code. */
export async function main(argv: string[], output = new Output()): Promise<number> {
  // A reader that stops early (`| head`) is not an error of ours.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  const code = await runProgram(argv, output);
  process.exitCode = code;
  return code;
}

/**
 * Parses `argv` and runs the command it names, returning the exit code without setting it on the
 * process (`main` does). `from: 'user'` takes `argv` without the node and script paths.
 */
export async function runProgram(argv: readonly string[], output: Output, from: 'node' | 'user' = 'node'): Promise<number> {
  let code: number = ExitCode.Ok;
  const program = buildProgram(output, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from });
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here with code 0; usage mistakes with 1, which is 2 to us.
      code = err.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    } else {
      code = output.fail(err);
    }
  }
  return code;
}

/** The program with every command registered; `setExit` records the exit code a command ends with. */
export function buildProgram(output: Output, setExit: (code: number) => void): Command {
  const program = new Command(TOOL_NAME)
    .description('Find distillation campaigns in exported LLM API request logs, offline.')
    .version(TOOL_VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => output.print(s.replace(/\n$/, '')),
      writeErr: (s) => output.printErr(s.replace(/\n$/, '')),
    });
  for (const register of COMMANDS) register(program, output, setExit);
  return program;
}
