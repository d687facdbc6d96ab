import { CHECK_USAGE, checkCommand } from './checkCommand';
import { INSPECT_USAGE, inspectCommand, readStdinSync, type Io } from './inspectCommand';

const USAGE = `authscope — JWT auth diagnostics

${INSPECT_USAGE}

${CHECK_USAGE}
`;

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: readStdinSync,
};

/** Dispatches `authscope <command>`; returns the exit code. */
export async function main(
  argv: readonly string[],
  io: Io = processIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'inspect') return inspectCommand(rest, io, env);
  if (command === 'check') return checkCommand(rest, io, env);
  io.stderr(USAGE);
  return 2;
}
