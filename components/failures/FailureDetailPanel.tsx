import type { FailureDetail } from '@/lib/client/failureTypes';

type Field = [label: string, value: (failure: FailureDetail) => string | number | boolean | null];

const yesNo = (value: boolean | null) => (value === null ? null : value ? 'yes' : 'no');

// Readable labels in the order on-call reads them; the snake_case names stay in the API.
const SECTIONS: Array<[title: string, fields: Field[]]> = [
  [
    'What failed',
    [
      ['Time', (f) => f.occurred_at],
      ['Environment', (f) => f.environment],
      ['Service', (f) => f.service],
      ['Instance', (f) => f.instance],
      ['Context', (f) => f.context],
      ['Method', (f) => f.method],
      ['Error code', (f) => f.error_code],
      ['Message', (f) => f.error_message],
      ['User', (f) => f.user],
      ['Close code', (f) => f.close_code],
    ],
  ],
  [
    'Keys',
    [
      ['Signed by', (f) => f.signed_by],
      ['Service resolved', (f) => f.resolved_key],
      ['Resolved from', (f) => f.resolved_source],
    ],
  ],
  [
    'Token',
    [
      ['Length', (f) => f.token_length],
      ['Dots', (f) => f.token_dot_count],
      ['Starts with', (f) => f.token_prefix],
      ['Ends with', (f) => f.token_suffix],
      ['"Bearer " prefix', (f) => yesNo(f.has_bearer_prefix)],
      ['Algorithm', (f) => f.token_alg],
      ['Key id (kid)', (f) => f.token_kid],
      ['Issuer', (f) => f.token_iss],
      ['Expires', (f) => f.token_exp],
      ['SHA-256/16', (f) => f.token_sha256],
    ],
  ],
  [
    'Headers',
    [
      ['Authorization sent', (f) => yesNo(f.authorization_present)],
      ['Sec-WebSocket-Protocol sent', (f) => yesNo(f.websocket_protocol_present)],
      ['Sec-WebSocket-Protocol', (f) => f.websocket_protocol],
    ],
  ],
  [
    'Received',
    [
      ['Received at', (f) => f.received_at],
      ['Id', (f) => f.id],
    ],
  ],
];

/** One stored failure: its diagnosed cause first, then readable facts, the redacted payload folded. */
export function FailureDetailPanel({
  failure,
  onClose,
}: {
  failure: FailureDetail;
  onClose: () => void;
}) {
  return (
    <aside className="panel detail" aria-label="failure detail" data-testid="failure-detail">
      <div className="detail-head">
        <h3>
          {failure.error_code ?? 'failure'} · {failure.service ?? 'unknown service'}
        </h3>
        <button type="button" className="button-plain" onClick={onClose} aria-label="close">
          ✕
        </button>
      </div>
      <p className="detail-cause" data-testid="detail-cause">
        <strong>{failure.cause ?? 'unexplained'}</strong>
        {failure.cause_detail && <> — {failure.cause_detail}</>}
      </p>
      {SECTIONS.map(([title, fields]) => {
        const shown = fields.filter(([, value]) => value(failure) !== null);
        if (shown.length === 0) return null;
        return (
          <section key={title}>
            <h4>{title}</h4>
            <dl className="json-members">
              {shown.map(([label, value]) => (
                <div key={label} className="json-member">
                  <dt>{label}</dt>
                  <dd>
                    <code>{String(value(failure))}</code>
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        );
      })}
      <details>
        <summary>Redacted payload (JSON)</summary>
        <pre className="wrap code-block">{JSON.stringify(failure.raw, null, 2)}</pre>
      </details>
    </aside>
  );
}
