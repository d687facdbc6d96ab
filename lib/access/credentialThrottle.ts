import { RateLimiter, type RateLimit } from './rateLimit';

export type ThrottleCheck =
  { blocked: false } | { blocked: true; retryAfterSeconds: number; firstInWindow: boolean };

const AUDIT_EVERY_MS = 60_000;

/**
 * Limits failed credential attempts per client address. A blocked client is refused before its
 * credential is compared, so a right guess and a wrong one look the same (429) while blocked;
 * successes spend nothing, so a user who signs in fine is never locked out by the limit.
 */
export class CredentialThrottle {
  private readonly limiter: RateLimiter;
  private readonly lastAudited = new Map<string, number>();

  constructor(limit: RateLimit) {
    this.limiter = new RateLimiter(limit);
  }

  check(client: string, now = Date.now()): ThrottleCheck {
    const peek = this.limiter.peek(client, now);
    if (peek.allowed) return { blocked: false };
    const last = this.lastAudited.get(client) ?? -Infinity;
    const firstInWindow = now - last >= AUDIT_EVERY_MS;
    if (firstInWindow) {
      this.lastAudited.set(client, now);
      if (this.lastAudited.size > 10_000)
        this.lastAudited.delete(this.lastAudited.keys().next().value!);
    }
    return { blocked: true, retryAfterSeconds: peek.retryAfterSeconds, firstInWindow };
  }

  fail(client: string, now = Date.now()): void {
    this.limiter.take(client, now);
  }
}
