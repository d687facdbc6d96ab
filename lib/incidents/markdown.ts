import type { FleetChange } from '../fleet/views';
import type { IncidentReport } from './report';

const time = (iso: string) =>
  iso
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z')
    .replace(/Z$/, ' UTC');
const percent = (share: number) => `${Math.round(share * 100)} %`;
const cell = (text: string | null | undefined) =>
  (text ?? '—').replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * The incident summary an engineer pastes into the write-up. Names keys, never shows a weak
 * secret's fingerprint (the report already hides those), and holds no token or secret.
 */
export function incidentMarkdown(report: IncidentReport, shareUrl?: string): string {
  const lines: string[] = [];
  lines.push(
    `# Auth failures in ${report.environment}: ${time(report.from)} – ${time(report.to)}`,
    '',
  );
  if (shareUrl) lines.push(`Dashboard view: ${shareUrl}`, '');

  lines.push('## Facts', '');
  lines.push(`- Environment: ${report.environment}`);
  lines.push(`- Window: ${report.from} – ${report.to}`);
  lines.push(`- Failures: ${report.total}`);
  if (report.first_failure_at) lines.push(`- First failure: ${report.first_failure_at}`);
  if (report.last_failure_at) lines.push(`- Last failure: ${report.last_failure_at}`);
  const leading = report.causes[0];
  if (leading) {
    // A detail is the service's own text: one line, like a table cell.
    const detail = leading.detail ? ` — ${cell(leading.detail)}` : '';
    lines.push(`- Leading cause: ${leading.cause} (${percent(leading.share)})${detail}`);
  }
  lines.push(
    `- Affected services: ${report.services.map((entry) => `${entry.service ?? 'unknown'} (${entry.count})`).join(', ') || 'none'}`,
  );
  lines.push(`- Affected instances: ${report.instances.length}; users: ${report.users.length}`);
  lines.push('');

  if (report.causes.length > 0) {
    lines.push(
      '## Causes',
      '',
      '| cause | failures | share | explanation |',
      '| --- | ---: | ---: | --- |',
    );
    for (const entry of report.causes)
      lines.push(
        `| ${entry.cause} | ${entry.count} | ${percent(entry.share)} | ${cell(entry.detail)} |`,
      );
    lines.push('');
  }

  const signed = report.signer_vs_resolver.filter((row) => row.signed_by || row.resolved_key);
  if (signed.length > 0) {
    lines.push(
      '## Signed by vs resolved by the failing service',
      '',
      '| token signed by | service | service resolves | from | failures |',
      '| --- | --- | --- | --- | ---: |',
    );
    for (const row of signed)
      lines.push(
        `| ${cell(row.signed_by)} | ${cell(row.service)} | ${cell(row.resolved_key ?? (row.resolved_source ? 'a key authscope does not hold' : null))} | ${cell(row.resolved_source)} | ${row.count} |`,
      );
    lines.push('');
  }

  lines.push('## Timeline', '');
  const events: Array<{ at: string; text: string }> = report.changes.map((change) => ({
    at: change.at,
    text: describeChange(change),
  }));
  for (const change of report.probe_changes ?? [])
    events.push({ at: change.at, text: describeProbeChange(change) });
  if (report.first_failure_at) events.push({ at: report.first_failure_at, text: 'first failure' });
  if (report.last_failure_at && report.last_failure_at !== report.first_failure_at)
    events.push({ at: report.last_failure_at, text: 'last failure' });
  events.sort((a, b) => a.at.localeCompare(b.at));
  for (const event of events) lines.push(`- ${time(event.at)} — ${event.text}`);
  if (events.length === 0) lines.push('- nothing recorded in this window');
  lines.push('');
  return lines.join('\n');
}

function describeProbeChange(change: IncidentReport['probe_changes'][number]): string {
  const result =
    change.outcome === 'pass'
      ? `passes (${change.close_code ?? change.status ?? 'ok'})`
      : `fails: ${change.close_code !== null ? `close ${change.close_code}` : change.status !== null ? `HTTP ${change.status}` : change.outcome.replace('_', ' ')}`;
  return `probe ${change.probe}: ${change.target} via ${change.way} ${result}`;
}

function describeChange(change: FleetChange): string {
  const key = (keyId: string | null, fingerprint: string | null) =>
    keyId ?? fingerprint ?? 'unknown key';
  const where = `${change.service}/${change.instance}`;
  const via = change.source
    ? ` from ${change.source}${change.version ? ` v${change.version}` : ''}`
    : '';
  if (change.kind === 'first_seen')
    return `${where} reports ${key(change.key_id, change.fingerprint)}${via}`;
  return `${where} changed ${key(change.previous_key_id, change.previous_fingerprint)} → ${key(change.key_id, change.fingerprint)}${via}`;
}
