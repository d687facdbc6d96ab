import type { VerificationRow } from '@/lib/jwt/browser';

const REASON: Record<string, string> = {
  alg_mismatch: 'pinned to another alg',
  kid_mismatch: 'kid differs, signature does not match',
  bad_signature: 'signature does not match',
  rejected: 'rejected by the verifier (key unsuitable for this alg)',
};

/** One row per key tried; the signer is highlighted. */
export function VerificationTable({
  rows,
  verifiedBy,
}: {
  rows: VerificationRow[];
  verifiedBy: string[];
}) {
  return (
    <>
      <p
        className={verifiedBy.length ? 'verdict verdict-ok' : 'verdict verdict-bad'}
        data-testid="verdict"
      >
        {verifiedBy.length
          ? `Verified by ${verifiedBy.join(', ')}`
          : 'No configured key verifies this token'}
      </p>
      {rows.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>Key</th>
              <th>Environment</th>
              <th>Source</th>
              <th>Fingerprint</th>
              <th>Result</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr
                key={`${row.key_id}-${row.kid ?? index}`}
                className={row.verified ? 'row-signer' : undefined}
              >
                <td>
                  {row.key_id}
                  {row.kid ? <span className="muted"> kid {row.kid}</span> : null}
                </td>
                <td>{row.environment}</td>
                <td>
                  <code>{row.source}</code>
                </td>
                <td>
                  <code>{row.fingerprint}</code>
                </td>
                <td>{row.verified ? '✓ verifies' : (REASON[row.reason ?? ''] ?? row.reason)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
