import type { FleetChange } from '@/lib/fleet/views';

const name = (keyId: string | null, fingerprint: string | null) => keyId ?? fingerprint ?? '—';

export function ChangeHistory({ changes }: { changes: FleetChange[] }) {
  if (changes.length === 0) return <p className="muted">No fingerprint changes in this range.</p>;
  return (
    <table className="table" data-testid="change-history">
      <thead>
        <tr>
          <th>time (UTC)</th>
          <th>service / instance</th>
          <th>change</th>
          <th>source</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((change) => (
          <tr key={change.id}>
            <td>
              <time dateTime={change.at}>{change.at.replace('T', ' ').slice(0, 19)}</time>
            </td>
            <td>
              <strong>{change.service}</strong> <span className="muted">{change.instance}</span>
            </td>
            <td>
              {change.kind === 'first_seen' ? (
                <>first report: {name(change.key_id, change.fingerprint)}</>
              ) : (
                <>
                  {name(change.previous_key_id, change.previous_fingerprint)} →{' '}
                  {name(change.key_id, change.fingerprint)}
                </>
              )}
            </td>
            <td>
              {change.source ? <code>{change.source}</code> : '—'}
              {change.version && <span className="muted"> v{change.version}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
