'use client';

import { expiredAt, relativeTime, secondsFromNowAt, type Timing } from '@/lib/jwt/browser';
import { useTick } from '@/lib/client/useTick';

const LABEL = { exp: 'Expires', nbf: 'Not before', iat: 'Issued' } as const;

/** exp / nbf / iat in words, UTC and the viewer's local time; the words tick every second. */
export function TimingSummary({ timing }: { timing: Timing }) {
  const now = useTick(1000);
  const expired = expiredAt(timing, now);
  if (timing.claims.length === 0) return <p className="muted">No time claims (exp, nbf, iat).</p>;
  return (
    <ul className="timing">
      {timing.claims.map((time) => (
        <li key={time.claim} data-claim={time.claim}>
          <strong>{LABEL[time.claim]}</strong>{' '}
          {time.iso ? (
            <>
              {expired && time.claim === 'exp' ? 'expired ' : ''}
              <span data-relative>{relativeTime(secondsFromNowAt(time, now) ?? 0)}</span>
              <span className="muted">
                {' '}
                · {time.iso.replace('.000Z', 'Z')} UTC · {new Date(time.iso).toLocaleString()} local
              </span>
            </>
          ) : (
            <span className="muted">{time.value} (not a date)</span>
          )}
        </li>
      ))}
    </ul>
  );
}
