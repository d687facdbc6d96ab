import type { InspectionReport } from './report';

/**
 * "Copy as incident note": a Markdown summary safe to paste into an incident document —
 * header, claims, findings and the verdict; never the signature or the token itself.
 */
export function incidentNote(report: InspectionReport, now: Date = new Date()): string {
  const lines: string[] = [`### Token inspection (${now.toISOString()})`, ''];
  lines.push(
    `- Structure: ${report.structure.kind}, ${report.normalized.length} chars` +
      (report.normalized.stripped.length
        ? ` (stripped: ${report.normalized.stripped.join(', ')})`
        : ''),
  );
  lines.push(
    `- Verified by: ${report.verified_by.length ? report.verified_by.map((id) => `\`${id}\``).join(', ') : 'no configured key'}`,
  );
  for (const time of report.timing?.claims ?? []) {
    lines.push(`- ${time.claim}: ${time.iso ?? String(time.value)}`);
  }
  if (report.header)
    lines.push('', '**Header**', '', '```json', JSON.stringify(report.header, null, 2), '```');
  if (report.claims)
    lines.push('', '**Claims**', '', '```json', JSON.stringify(report.claims, null, 2), '```');
  lines.push('', '**Findings**', '');
  if (report.findings.length === 0) lines.push('- none');
  for (const finding of report.findings)
    lines.push(`- **${finding.severity}** \`${finding.code}\`: ${finding.message}`);
  return lines.join('\n') + '\n';
}
