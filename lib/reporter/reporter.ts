import { randomUUID } from 'node:crypto';
import { fingerprintSecret, type ResolvedSecret } from './resolve';

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
  /** Failures are sent in batches: at most this many, at least this often. */
  batchSize?: number;
  flushMs?: number;
  onError?: (message: string) => void;
}

/** A failure as the service produces it (the payload of SPEC "Failure payload"), plus context. */
export interface FailureReport {
  payload: Record<string, unknown>;
  user?: string;
  closeCode?: number;
  /** The full token, if the service has it: authscope names its signer and never stores it. */
  token?: string;
  occurredAt?: Date;
}

const MAX_ATTEMPTS = 5;

/**
 * What a service embeds to report to authscope: its resolved secret's fingerprint (and the chain
 * that got there), and its auth failures, batched, with retries that cannot duplicate (every event
 * carries an `event_id`). Nothing here sends a secret.
 */
export class Reporter {
  private queue: Array<Record<string, unknown>> = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly options: ReporterOptions) {}

  /** The fingerprint report for a resolved secret (also the body of GET /debug/jwt-secret-info). */
  fingerprintReport(resolved: ResolvedSecret): Record<string, unknown> {
    return {
      environment: this.options.environment,
      service: this.options.service,
      instance: this.options.instance,
      purpose: this.options.purpose ?? 'access-token',
      algorithm: this.options.algorithm ?? 'HS256',
      fingerprint: fingerprintSecret(resolved.secret, this.options.pepper),
      source: resolved.source,
      ...(resolved.version ? { version: resolved.version } : {}),
      length: Buffer.byteLength(resolved.secret),
      resolution: resolved.resolution,
      reported_at: new Date().toISOString(),
    };
  }

  async reportFingerprint(resolved: ResolvedSecret): Promise<void> {
    await this.send('/api/v1/fingerprints', this.fingerprintReport(resolved));
  }

  /** Queues a failure; it is sent with the next batch. */
  reportFailure(failure: FailureReport): void {
    this.queue.push({
      event_id: randomUUID(),
      service: this.options.service,
      instance: this.options.instance,
      environment: this.options.environment,
      occurred_at: (failure.occurredAt ?? new Date()).toISOString(),
      ...(failure.user ? { user: failure.user } : {}),
      ...(failure.closeCode ? { close_code: failure.closeCode } : {}),
      ...(failure.token ? { token: failure.token } : {}),
      payload: failure.payload,
    });
    if (this.queue.length >= (this.options.batchSize ?? 100)) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.options.flushMs ?? 500);
  }

  /** Sends what is queued; resolves when it is accepted (or given up on). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const events = this.queue.splice(0);
    if (events.length > 0) this.flushing = this.flushing.then(() => this.send('/api/v1/failures', { events }));
    return this.flushing;
  }

  async close(): Promise<void> {
    await this.flush();
  }

  /** POST with retries and backoff; a 4xx other than 429 is not retried (it would fail again). */
  private async send(path: string, body: unknown): Promise<void> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        const response = await fetch(new URL(path, this.options.url), {
          method: 'POST',
          headers: { authorization: `Bearer ${this.options.ingestKey}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(5_000),
        });
        await response.body?.cancel();
        if (response.ok) return;
        if (response.status !== 429 && response.status < 500) {
          this.options.onError?.(`${path} answered ${response.status}`);
          return;
        }
        const retryAfter = Number(response.headers.get('retry-after'));
        await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : backoff(attempt));
      } catch {
        await sleep(backoff(attempt));
      }
    }
    this.options.onError?.(`${path}: gave up after ${MAX_ATTEMPTS} attempts`);
  }
}

const backoff = (attempt: number) => Math.min(5_000, 200 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
