import { INGEST_PATHS } from './policy';
import type { Decision } from './guard';
import type { Principal } from './principal';
import type { RateLimiter } from './rateLimit';

export interface RouteLimiters {
  ingest: RateLimiter;
  inspect: RateLimiter;
}

/**
 * Ingest is limited per ingest key, and the inspector per viewer: it is an oracle (whether a
 * forged token verifies is information). Returns the seconds to wait, or null.
 */
export function routeRateLimited(
  method: string,
  pathname: string,
  principal: Principal | null,
  limiters: RouteLimiters,
): number | null {
  if (method !== 'POST' || !principal) return null;
  const limiter = INGEST_PATHS.includes(pathname)
    ? limiters.ingest
    : pathname === '/api/v1/inspect'
      ? limiters.inspect
      : null;
  const taken = limiter?.take(`${principal.kind}:${principal.name}`);
  return taken && !taken.allowed ? taken.retryAfterSeconds : null;
}

/** The audit line a decision calls for: wrong credentials one by one (the throttle bounds them), a throttled client once a minute. */
export function credentialAudit(
  decision: Decision,
): { action: 'credential_rejected' | 'credential_throttled'; peer: string; detail: string } | null {
  const action = decision.throttledFirst
    ? 'credential_throttled'
    : decision.credentialRejected
      ? 'credential_rejected'
      : null;
  // No path: a credential pasted into a URL must not reach the audit log.
  return action
    ? {
        action,
        peer: decision.client,
        detail: 'a Bearer value that is no viewer token or ingest key',
      }
    : null;
}
