import type { AuditEntry } from '@/lib/store';

const ACTION_LABEL: Record<AuditEntry['action'], string> = {
  sign_in: 'signed in',
  sign_in_failed: 'failed sign-in',
  sign_out: 'signed out',
  config_loaded: 'config loaded',
  credential_rejected: 'wrong credential',
  credential_throttled: 'throttled: too many wrong credentials',
  alert_silenced: 'silenced an alert',
};

export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th>time (UTC)</th>
          <th>event</th>
          <th>who</th>
          <th>from</th>
          <th>detail</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr
            key={entry.id}
            className={entry.action === 'sign_in_failed' ? 'row-warning' : undefined}
          >
            <td>
              <time dateTime={entry.at}>{entry.at.replace('T', ' ').slice(0, 19)}</time>
            </td>
            <td>{ACTION_LABEL[entry.action] ?? entry.action}</td>
            <td>{entry.actor ?? '—'}</td>
            <td>{entry.peer ?? '—'}</td>
            <td>{entry.detail ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
