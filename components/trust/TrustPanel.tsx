import type { PurposeTrust, TrustView } from '@/lib/trust/view';

const when = (iso: string) => iso.replace('T', ' ').slice(0, 19);
const short = (thumbprint: string) => `${thumbprint.slice(0, 8)}…`;

function age(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

function Purpose({ purpose, many }: { purpose: PurposeTrust; many: boolean }) {
  return (
    <div data-testid="trust-purpose" data-status={purpose.status}>
      {many && <h3>{purpose.purpose}</h3>}
      {purpose.status === 'consistent' && (
        <p data-testid="trust-consistent">
          Every verifier trusts every issuer&apos;s current signing key.
        </p>
      )}
      {purpose.mismatches.length > 0 && (
        <ul className="warning-text" data-testid="trust-mismatches">
          {purpose.mismatches.map((mismatch) => (
            <li
              key={`${mismatch.verifier.service}/${mismatch.verifier.instance}/${mismatch.missing_kid}`}
            >
              <strong>
                {mismatch.verifier.service}/{mismatch.verifier.instance}
              </strong>{' '}
              {mismatch.reason === 'missing_kid' ? 'lacks' : 'holds another key for'} kid{' '}
              <code>{mismatch.missing_kid}</code> (signed by {mismatch.issuer.service}/
              {mismatch.issuer.instance}): its cache is {age(mismatch.cache_age_seconds)} old,
              refreshes at{' '}
              <time dateTime={mismatch.refreshes_at}>{when(mismatch.refreshes_at)}</time> UTC
            </li>
          ))}
        </ul>
      )}
      <table className="table" data-testid="trust-verifiers">
        <thead>
          <tr>
            <th>verifier</th>
            <th>holds (kid)</th>
            <th>missing from what is published</th>
            <th>cache age</th>
            <th>refreshes (UTC)</th>
          </tr>
        </thead>
        <tbody>
          {purpose.verifiers.map((row) => (
            <tr key={`${row.service}/${row.instance}`}>
              <td>
                <strong>{row.service}</strong> <span className="muted">{row.instance}</span>
              </td>
              <td>
                {row.keys.map((key) => (
                  <code key={key.kid} title={`thumbprint ${key.thumbprint}`}>
                    {key.kid}{' '}
                  </code>
                ))}
              </td>
              <td>{row.missing_published.length > 0 ? row.missing_published.join(', ') : '—'}</td>
              <td>{age(row.cache_age_seconds)}</td>
              <td>
                <time dateTime={row.refreshes_at}>{when(row.refreshes_at)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {purpose.issuers.length > 0 && (
        <p className="muted">
          Signing now:{' '}
          {purpose.issuers
            .map(
              (row) => `${row.service}/${row.instance} kid ${row.kid} (${short(row.thumbprint)})`,
            )
            .join('; ')}
        </p>
      )}
    </div>
  );
}

/** Public-key fleets: what each issuer publishes and signs with vs what each verifier holds. */
export function TrustPanel({ view }: { view: TrustView }) {
  if (view.purposes.length === 0 && view.published.length === 0)
    return <p className="muted">No service reports a signing key or a JWKS trust set here.</p>;
  return (
    <div data-testid="trust-panel" data-status={view.status}>
      {view.published.map((set) => (
        <p key={set.key_id} className="muted" data-testid="trust-published">
          {set.key_id} publishes at {set.url}:{' '}
          {set.keys.length > 0 ? set.keys.map((key) => key.kid).join(', ') : 'no keys'}
          {set.fetched_at && ` (as read ${when(set.fetched_at)} UTC)`}
          {set.status !== 'ok' && ` (${set.status}${set.error ? `: ${set.error}` : ''})`}
        </p>
      ))}
      {view.purposes.map((purpose) => (
        <Purpose key={purpose.purpose} purpose={purpose} many={view.purposes.length > 1} />
      ))}
    </div>
  );
}
