import { relativeTime } from '@/lib/jwt/browser';
import type { Timing } from '@/lib/jwt/browser';

const LABEL = { exp: 'Expires', nbf: 'Not before', iat: 'Issued' } as const;

/** exp / nbf / iat in words, UTC and the viewer's local time. */
export function TimingSummary({ timing }: { timing: Timing }) {
  if (timing.claims.length === 0) return <p className="muted">No time claims (exp, nbf, iat).</p>;
  return (
    <ul className="timing">
      {timing.claims.map((time) => (
        <li key={time.claim} data-claim={time.claim}>
          <strong>{LABEL[time.claim]}</strong>{' '}
          {time.iso ? (
            <>
              {timing.expired && time.claim === 'exp' ? 'expired ' : ''}
              {relativeTime(time.seconds_from_now ?? 0)}
              <span className="muted"> · {time.iso.replace('.000Z', 'Z')} UTC · {new Date(time.iso).toLocaleString()} local</span>
            </>
          ) : (
            <span className="muted">{time.value} (not a date)</span>
          )}
        </li>
      ))}
    </ul>
  );
}
