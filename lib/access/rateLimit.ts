/** A token bucket per key: `rate` tokens a second, up to `burst` saved. */
export interface RateLimit {
  rate: number;
  burst: number;
}

export type Take = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const MAX_KEYS = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly limit: RateLimit) {}

  /** What `take` would answer, without spending a token. */
  peek(key: string, now = Date.now()): Take {
    const bucket = this.buckets.get(key);
    if (!bucket) return { allowed: true };
    const tokens = Math.min(
      this.limit.burst,
      bucket.tokens + ((now - bucket.at) / 1000) * this.limit.rate,
    );
    return tokens >= 1
      ? { allowed: true }
      : {
          allowed: false,
          retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.limit.rate)),
        };
  }

  take(key: string, now = Date.now()): Take {
    const { rate, burst } = this.limit;
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * rate);
    bucket.at = now;
    this.buckets.delete(key);
    this.buckets.set(key, bucket); // most recently used last, so eviction drops the idlest
    if (this.buckets.size > MAX_KEYS) this.buckets.delete(this.buckets.keys().next().value!);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / rate)),
    };
  }
}

/** Limits per principal and route class; AUTHSCOPE_RATE_* override them (lib/runtime/settings.ts). */
export interface RateLimits {
  ingest: RateLimit;
  inspect: RateLimit;
  signIn: RateLimit;
  /** Wrong viewer tokens and ingest keys, per client address. */
  authFailures: RateLimit;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  ingest: { rate: 1000, burst: 2000 },
  inspect: { rate: 5, burst: 30 },
  signIn: { rate: 5 / 60, burst: 5 },
  authFailures: { rate: 20 / 60, burst: 20 },
};
