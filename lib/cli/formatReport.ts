import type { InspectionReport } from '../inspect';
import { relativeTime } from '../jwt';

/** Where the verdict came from: this machine's keyring (and its size) or a dashboard. */
export type ReportOrigin = { keyCount: number } | { dashboard: string };

/** The inspection report as a terminal reads it: verdict first, then what is wrong. */
export function formatReport(report: InspectionReport, origin?: ReportOrigin): string {
  const lines: string[] = [headline(report, origin)];
  if (origin && 'dashboard' in origin) lines.push(`asked ${origin.dashboard}`);
  if (report.normalized.stripped.length)
    lines.push(`stripped: ${report.normalized.stripped.join(', ')}`);
  // A malformed token's problems are already its headline.
  if (report.structure.kind !== 'malformed')
    for (const problem of report.structure.problems) lines.push(`malformed: ${problem}`);
  if (report.header) lines.push('', 'header', indent(JSON.stringify(report.header, null, 2)));
  if (report.claims) lines.push('', 'claims', indent(JSON.stringify(report.claims, null, 2)));
  if (report.payload_text !== null) lines.push('', 'payload (text)', indent(report.payload_text));
  if (report.timing?.claims.length) {
    lines.push('', 'timing');
    for (const time of report.timing.claims) {
      lines.push(
        `  ${time.claim}  ${time.iso ?? time.value}  (${time.seconds_from_now === null ? '?' : relativeTime(time.seconds_from_now)})`,
      );
    }
  }
  if (report.verification.length) {
    lines.push('', 'keys tried');
    for (const row of report.verification) {
      lines.push(
        `  ${row.verified ? '✓' : '✗'} ${row.key_id} [${row.environment}] ${row.source} ${row.fingerprint}${row.reason ? `  ${row.reason}` : ''}`,
      );
    }
  }
  if (report.fleet.services.length) {
    lines.push('', `fleet (${report.fleet.environment})`);
    for (const service of report.fleet.services) {
      const accepts =
        service.accepts === 'unknown' ? 'unknown' : service.accepts ? 'accepts' : 'rejects';
      lines.push(`  ${service.service}: ${accepts}  ${service.reason}`);
    }
  }
  lines.push('', 'findings');
  if (report.findings.length === 0) lines.push('  none');
  for (const finding of report.findings)
    lines.push(`  ${finding.severity.padEnd(7)} ${finding.code}: ${finding.message}`);
  return lines.join('\n') + '\n';
}

/** The page's headline, in words a terminal can print. */
function headline(report: InspectionReport, origin: ReportOrigin | undefined): string {
  if (report.structure.kind === 'malformed')
    return `Not a JWT: ${report.structure.problems.join('; ') || 'unreadable'}`;
  // With no keys at all, "no key verifies it" would read as a bad signature: say what is missing.
  let unverified = 'no configured key verifies it';
  if (origin && 'keyCount' in origin && origin.keyCount === 0)
    unverified =
      'no keys configured, so nothing can verify it (pass --config FILE or set AUTHSCOPE_CONFIG, or --url URL to ask a running dashboard)';
  else if (origin && 'dashboard' in origin && report.verification.length === 0)
    unverified = 'the dashboard has no keys configured, so nothing can verify it';
  const verdict =
    report.verified_by.length > 0 ? `verified by ${report.verified_by.join(', ')}` : unverified;
  return `${report.structure.kind.toUpperCase()}, ${report.normalized.length} chars: ${verdict}`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
