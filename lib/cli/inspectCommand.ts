import { readFileSync } from 'node:fs';
import { ConfigError } from '../config';
import { inspectToken } from '../inspect';
import { loadKeyContext, readSettings, SettingsError } from '../runtime';
import { parseArgs } from './args';
import { formatReport } from './formatReport';

export const INSPECT_USAGE = `usage: authscope inspect <token | -> [--json] [--config FILE] [--env ENVIRONMENT]
  Prints the inspection report of a token (- reads it from stdin).
  Exit codes: 0 a configured key verifies it, 1 none does, 2 malformed token or bad usage.`;

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => string;
}

export async function inspectCommand(
  argv: readonly string[],
  io: Io,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const args = parseArgs(argv, ['json', 'help']);
  if (args.flags.help || args.positional.length !== 1) {
    io.stderr(INSPECT_USAGE + '\n');
    return 2;
  }
  const token = args.positional[0] === '-' ? io.readStdin() : args.positional[0];
  const config = typeof args.flags.config === 'string' ? args.flags.config : env.AUTHSCOPE_CONFIG;
  let runtime;
  try {
    runtime = await loadKeyContext(readSettings({ ...env, AUTHSCOPE_CONFIG: config }));
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof SettingsError)) throw error;
    io.stderr(`authscope: invalid configuration\n${error.message}\n`);
    return 2;
  }
  const report = await inspectToken(token, {
    keyring: runtime.keyring,
    now: new Date(),
    clockSkewSeconds: runtime.config.clockSkewSeconds,
    maxLifetimeSeconds: runtime.config.maxLifetimeSeconds,
    environment: typeof args.flags.env === 'string' ? args.flags.env : undefined,
  });
  io.stdout(
    args.flags.json
      ? JSON.stringify(report, null, 2) + '\n'
      : formatReport(report, runtime.keyring.keys().length),
  );
  if (report.structure.kind === 'malformed') return 2;
  return report.verified_by.length > 0 ? 0 : 1;
}

export function readStdinSync(): string {
  // The line break that ends piped input is not part of the token.
  return readFileSync(0, 'utf8').replace(/\r?\n$/, '');
}
