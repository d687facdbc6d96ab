import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';

export interface ReporterOptions {
  /** The dashboard, e.g. http://127.0.0.1:3000 */
  url: string;
  /** An ingest key allowed to write this environment. */
  ingestKey: string;
  environment: string;
  service: string;
  instance: string;
  purpose?: string;
  algorithm?: string;
  /** AUTHSCOPE_FINGERPRINT_KEY's bytes, shared with the dashboard; without it, sha256/16. */
  pepper?: Uint8Array;
  /** Failures are sent in batches: at most this many (default 100), at least this often (500 ms). */
  batchSize?: number;
  flushMs?: number;
  /** Failures held while the dashboard is slow or away (default 1,000); past it the oldest go. */
  maxQueue?: number;
  /** Exponential backoff with full jitter: first ceiling, cap, largest Retry-After honoured. */
  backoff?: Partial<BackoffPolicy>;
  /** One request's budget (default 5 s); a request past it is retried. */
  requestTimeoutMs?: number;
  /** Tries per fingerprint report (default 8); the next report carries what this one could not. */
  fingerprintAttempts?: number;
  /** Told when delivery starts failing, and of what was refused or lost. Never given a secret. */
  onError?: (message: string) => void;
  /** For tests: the jitter's source, the clock (Retry-After dates), the HTTP client. */
  random?: () => number;
  now?: () => number;
  fetch?: typeof fetch;
}

/** A failure as the service produces it (the payload it already logs; sample: test/fixtures/spec), plus context. */
export interface FailureReport {
  payload: Record<string, unknown>;
  user?: string;
  closeCode?: number;
  /** The full token, if the service has it: authscope names its signer and never stores it. */
  token?: string;
  occurredAt?: Date;
}

/** How shutdown went: `drained` when nothing was left waiting at the deadline. */
export interface CloseResult {
  drained: boolean;
  /** Failures dropped, refused or abandoned that no fingerprint report ever carried. */
  undelivered: number;
}

export interface ReporterStatus {
  /** Failures waiting (including those on the wire). */
  queued: number;
  /** Failures dropped or refused, not yet reported in a fingerprint report. */
  undelivered: number;
  /** Consecutive failed requests; 0 while the dashboard accepts. */
  failuresInARow: number;
}

export interface ResolvedOptions {
  batchSize: number;
  flushMs: number;
  maxQueue: number;
  backoff: BackoffPolicy;
  requestTimeoutMs: number;
  fingerprintAttempts: number;
}

export function resolveOptions(options: ReporterOptions): ResolvedOptions {
  return {
    batchSize: positive('batchSize', options.batchSize, 100),
    flushMs: positive('flushMs', options.flushMs, 500),
    maxQueue: positive('maxQueue', options.maxQueue, 1_000),
    backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
    requestTimeoutMs: positive('requestTimeoutMs', options.requestTimeoutMs, 5_000),
    fingerprintAttempts: positive('fingerprintAttempts', options.fingerprintAttempts, 8),
  };
}

// A wrong setting is a bug in the embedding service: say so at construction, not mid-incident.
function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`Reporter option ${name} must be a positive integer, got ${value}`);
  return value;
}
