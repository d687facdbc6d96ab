import type { InspectionReport } from '../inspect';
import { relativeTime } from '../jwt';

/** The inspection report as a terminal reads it: verdict first, then what is wrong. */
export function formatReport(report: InspectionReport, keyCount?: number): string {
  const lines: string[] = [];
  // With no keys at all, "no key verifies it" would read as a bad signature: say what is missing.
  const unverified =
    keyCount === 0
      ? 'no keys configured, so nothing can verify it (pass --config FILE or set AUTHSCOPE_CONFIG)'
      : 'no configured key verifies it';
  const verdict =
    report.verified_by.length > 0 ? `verified by ${report.verified_by.join(', ')}` : unverified;
  lines.push(
    `${report.structure.kind.toUpperCase()}, ${report.normalized.length} chars: ${verdict}`,
  );
  if (report.normalized.stripped.length)
    lines.push(`stripped: ${report.normalized.stripped.join(', ')}`);
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
  lines.push('', 'findings');
  if (report.findings.length === 0) lines.push('  none');
  for (const finding of report.findings)
    lines.push(`  ${finding.severity.padEnd(7)} ${finding.code}: ${finding.message}`);
  return lines.join('\n') + '\n';
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
