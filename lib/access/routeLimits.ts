import { routeLimit, type RouteLimit } from './policy';
import type { Decision } from './guard';
import type { Principal } from './principal';
import type { RateLimiter } from './rateLimit';

export type RouteLimiters = Record<RouteLimit, RateLimiter>;

/** Spends the route's rate limit (ROUTE_POLICY's `limit`) for its principal: the seconds to wait, or null. */
export function routeRateLimited(
  method: string,
  pathname: string,
  principal: Principal | null,
  limiters: RouteLimiters,
): number | null {
  const limit = routeLimit(method, pathname);
  if (!limit || !principal) return null;
  const taken = limiters[limit].take(`${principal.kind}:${principal.name}`);
  return taken.allowed ? null : taken.retryAfterSeconds;
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
