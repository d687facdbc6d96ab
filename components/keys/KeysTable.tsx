import type { KeyView } from '@/lib/keys/keyring';

/** The keyring: names, sources, fingerprints and load state — never material. */
export function KeysTable({ keys }: { keys: KeyView[] }) {
  return (
    <table className="table" data-testid="keys-table">
      <thead>
        <tr>
          <th>Id</th>
          <th>Environment</th>
          <th>Source</th>
          <th>Kind</th>
          <th>Alg</th>
          <th>Fingerprint</th>
          <th>Status</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((key, index) => (
          <tr
            key={`${key.id}-${key.kid ?? index}`}
            className={key.status === 'error' ? 'row-bad' : undefined}
          >
            <td>
              {key.id}
              {key.kid && <span className="muted"> kid {key.kid}</span>}
            </td>
            <td>{key.environment}</td>
            <td>
              <code>{key.source}</code>
            </td>
            <td>{key.kind ?? '—'}</td>
            <td>{key.alg ?? 'any of its type'}</td>
            <td>{key.fingerprint ? <code>{key.fingerprint}</code> : '—'}</td>
            <td>
              <span className={`status status-${key.status}`}>{key.status}</span>
              {key.error && <div className="error-text">{key.error}</div>}
              {key.weak && <div className="warning-text">weak — {key.weak}</div>}
              {key.jwks?.fetched_at && <div className="muted">fetched {key.jwks.fetched_at}</div>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
