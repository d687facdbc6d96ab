import { readFileSync } from 'node:fs';
import { ConfigError } from '../config';
import { inspectToken, type InspectionReport } from '../inspect';
import { loadKeyContext, readSettings, SettingsError } from '../runtime';
import { parseArgs } from './args';
import { formatReport, type ReportOrigin } from './formatReport';
import { remoteInspect } from './remoteInspect';

export const INSPECT_USAGE = `usage: authscope inspect <token | -> [--json] [--env ENVIRONMENT] [--config FILE | --url URL [--key KEY]]
  Prints the inspection report of a token (- reads it from stdin; prefer it to keep the token out
  of your shell history). With --url (default $AUTHSCOPE_URL) it asks that running dashboard, so
  the verdict is the page's; --key (a viewer token) defaults to $AUTHSCOPE_KEY. Without a URL it
  uses the keys of --config FILE (default $AUTHSCOPE_CONFIG).
  Exit codes: 0 a configured key verifies it, 1 none does, 2 malformed token, bad usage, or the
  dashboard cannot be reached or refused the request.`;

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
  const environment = typeof args.flags.env === 'string' ? args.flags.env : undefined;
  // An explicit --config means this machine's keys; otherwise a URL means the dashboard's.
  const base =
    typeof args.flags.url === 'string'
      ? args.flags.url
      : typeof args.flags.config === 'string'
        ? undefined
        : env.AUTHSCOPE_URL;
  if (base) {
    const key = typeof args.flags.key === 'string' ? args.flags.key : env.AUTHSCOPE_KEY;
    const answer = await remoteInspect({ base, key, token, environment });
    if (!answer.ok) {
      io.stderr(`authscope inspect: ${answer.message}\n`);
      return 2;
    }
    return printReport(answer.report, args.flags.json === true, io, { dashboard: answer.origin });
  }
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
    environment,
  });
  return printReport(report, args.flags.json === true, io, {
    keyCount: runtime.keyring.keys().length,
  });
}

function printReport(
  report: InspectionReport,
  json: boolean,
  io: Io,
  origin: ReportOrigin,
): number {
  io.stdout(json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report, origin));
  if (report.structure.kind === 'malformed') return 2;
  return report.verified_by.length > 0 ? 0 : 1;
}

export function readStdinSync(): string {
  // The line break that ends piped input is not part of the token.
  return readFileSync(0, 'utf8').replace(/\r?\n$/, '');
}
