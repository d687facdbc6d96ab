import type { Consistency, GateVerdict } from '../fleet/consistency';
import { parseArgs } from './args';
import type { Io } from './inspectCommand';

export const CHECK_USAGE = `usage: authscope check --env ENVIRONMENT [--url URL] [--key KEY] [--purpose PURPOSE] [--json]
  The pre-deploy gate: asks the dashboard whether every service of the environment resolved the
  same key. --url defaults to $AUTHSCOPE_URL or http://127.0.0.1:3000; --key (a viewer token or an
  ingest key) defaults to $AUTHSCOPE_KEY.
  Exit codes: 0 consistent, 1 mismatch or a stale/unreachable member (or no reports), 2 the
  dashboard cannot be reached or refused the request.`;

const TIMEOUT_MS = 10_000;

export async function checkCommand(
  argv: readonly string[],
  io: Io,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const args = parseArgs(argv, ['json', 'help']);
  const environment = typeof args.flags.env === 'string' ? args.flags.env : null;
  if (args.flags.help || !environment) {
    io.stderr(CHECK_USAGE + '\n');
    return 2;
  }
  const base =
    (typeof args.flags.url === 'string' ? args.flags.url : env.AUTHSCOPE_URL) ??
    'http://127.0.0.1:3000';
  const key = typeof args.flags.key === 'string' ? args.flags.key : env.AUTHSCOPE_KEY;
  let url: URL;
  try {
    url = new URL(`/api/v1/environments/${encodeURIComponent(environment)}/consistency`, base);
  } catch {
    io.stderr(`authscope check: --url "${base}" is not a URL\n`);
    return 2;
  }
  if (typeof args.flags.purpose === 'string') url.searchParams.set('purpose', args.flags.purpose);

  let response: Response;
  try {
    response = await fetch(url, {
      headers: key ? { authorization: `Bearer ${key}` } : {},
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    io.stderr(`authscope check: cannot reach ${url.origin} (is the dashboard running?)\n`);
    return 2;
  }
  const body = (await response.json().catch(() => null)) as
    ((Consistency | GateVerdict) & { error?: { message: string } }) | null;
  if (!response.ok || !body || body.error) {
    io.stderr(
      `authscope check: ${url.origin} answered ${response.status}${body?.error ? `: ${body.error.message}` : ''}\n`,
    );
    return 2;
  }
  io.stdout(args.flags.json ? JSON.stringify(body, null, 2) + '\n' : describe(body));
  return body.consistent ? 0 : 1;
}

function describe(result: Consistency | GateVerdict): string {
  const lines = [
    `${result.environment}: ${result.consistent ? 'consistent' : result.status.toUpperCase().replace('_', ' ')}`,
  ];
  // An ingest key gets the verdict only; the groups and members need a viewer token.
  if (!('groups' in result)) {
    for (const purpose of result.purposes)
      lines.push(`  ${purpose.purpose}: ${purpose.status.replace('_', ' ')}`);
    if (result.purposes.length === 0)
      lines.push('  no service has reported a fingerprint for this environment');
    lines.push(
      '  (an ingest key sees the verdict only: use a viewer token for the groups and their members)',
    );
    return lines.join('\n') + '\n';
  }
  for (const group of result.groups) {
    const label = group.key_id
      ? `= ${group.key_id}`
      : group.weak
        ? 'weak secret — rotate'
        : group.fingerprint;
    const members = group.members.map(
      (member) =>
        `${member.service}/${member.instance}${member.source ? ` (${member.source}${member.version ? ` v${member.version}` : ''})` : ''}${member.stale ? ' [stale]' : ''}`,
    );
    lines.push(`  ${label}: ${members.join(', ')}`);
  }
  for (const target of result.unreachable)
    lines.push(`  unreachable: ${target.service ?? target.url}: ${target.error}`);
  if (result.groups.length === 0)
    lines.push('  no service has reported a fingerprint for this environment');
  return lines.join('\n') + '\n';
}
