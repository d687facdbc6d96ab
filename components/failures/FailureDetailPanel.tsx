import type { FailureDetail } from '@/lib/client/failureTypes';

const FIELDS: Array<keyof FailureDetail> = [
  'id', 'occurred_at', 'received_at', 'environment', 'service', 'instance', 'context', 'method', 'error_code',
  'error_message', 'user', 'close_code', 'token_length', 'token_dot_count', 'token_prefix', 'token_suffix',
  'has_bearer_prefix', 'authorization_present', 'websocket_protocol_present', 'websocket_protocol', 'token_sha256',
  'token_alg', 'token_kid', 'token_iss', 'token_exp', 'signed_by',
];

/** One stored failure: its normalized fields and the redacted payload as received. */
export function FailureDetailPanel({ failure, onClose }: { failure: FailureDetail; onClose: () => void }) {
  return (
    <aside className="panel detail" aria-label="failure detail" data-testid="failure-detail">
      <div className="detail-head">
        <h3>{failure.error_code ?? 'failure'} · {failure.service ?? 'unknown service'}</h3>
        <button type="button" className="button-plain" onClick={onClose} aria-label="close">✕</button>
      </div>
      <dl className="json-members">
        {FIELDS.map((field) => (
          <div key={field} className="json-member">
            <dt>{field}</dt>
            <dd><code>{failure[field] === null ? '—' : String(failure[field])}</code></dd>
          </div>
        ))}
      </dl>
      <h3>Redacted payload</h3>
      <pre className="wrap code-block">{JSON.stringify(failure.raw, null, 2)}</pre>
    </aside>
  );
}
