import { randomUUID } from 'node:crypto';
import { retryDelay } from './backoff';
import {
  resolveOptions,
  type CloseResult,
  type FailureReport,
  type ReporterOptions,
  type ReporterStatus,
  type ResolvedOptions,
} from './options';
import { BoundedQueue } from './queue';
import { fingerprintReportOf } from './fingerprintReport';
import type { ResolvedSecret } from './resolve';
import { postJson, type PostOutcome, type PostTarget } from './transport';
import { Wakeups } from './wakeups';

type Event = Record<string, unknown>;
interface PendingFingerprint {
  seq: number;
  body: Event;
  attempts: number;
}

/**
 * What a service embeds to report to authscope: its resolved secret's fingerprint (and the chain
 * that got there), and its auth failures. Nothing here blocks the service or sends a secret:
 * failures wait in a bounded queue (the oldest go when it is full, and are counted), one request
 * is on the wire at a time, and 429 / 5xx / network errors back off exponentially with full
 * jitter, honouring Retry-After. Every event carries an `event_id`, so a retry cannot store it
 * twice; the count of dropped failures rides on the next fingerprint report.
 */
export class Reporter {
  private readonly settings: ResolvedOptions;
  private readonly target: PostTarget;
  private readonly random: () => number;
  private readonly queue: BoundedQueue<Event>;
  private fingerprint: PendingFingerprint | null = null;
  private fingerprintSeq = 0;
  /** The newest report given up on or accepted, and the newest accepted. */
  private fingerprintSettled = 0;
  private fingerprintAccepted = 0;
  private failuresInARow = 0;
  private notBefore = 0;
  /** The batch timer fired or a flush was asked for: send what is queued, however little. */
  private due = false;
  private timer: NodeJS.Timeout | null = null;
  private pumping = false;
  private inFlight: AbortController | null = null;
  private readonly wakeups = new Wakeups();
  private closed = false;
  private stopped = false;

  constructor(private readonly options: ReporterOptions) {
    this.settings = resolveOptions(options);
    this.queue = new BoundedQueue(this.settings.maxQueue);
    this.random = options.random ?? Math.random;
    this.target = {
      url: options.url,
      ingestKey: options.ingestKey,
      timeoutMs: this.settings.requestTimeoutMs,
      fetch: options.fetch ?? fetch,
      now: options.now ?? Date.now,
    };
  }

  /** The fingerprint report for a resolved secret (also the body of GET /debug/jwt-secret-info). */
  fingerprintReport(resolved: ResolvedSecret): Record<string, unknown> {
    return fingerprintReportOf(this.options, resolved, this.target.now());
  }

  /**
   * Sends a fingerprint report ahead of any queued failures; a newer report replaces one still
   * waiting. Resolves true once this report (or a newer one) is accepted, false when given up on.
   * Awaiting it is optional: it never rejects.
   */
  reportFingerprint(resolved: ResolvedSecret): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    const seq = ++this.fingerprintSeq;
    this.fingerprint = { seq, body: this.fingerprintReport(resolved), attempts: 0 };
    const settled = this.wakeups.waitFor(() => this.fingerprintSettled >= seq);
    void this.pump();
    return settled.then(() => this.fingerprintAccepted >= seq);
  }

  /** Queues a failure and returns at once; it is sent with the next batch. */
  reportFailure(failure: FailureReport): void {
    if (this.closed) return this.queue.discard();
    const event: Event = {
      event_id: randomUUID(),
      service: this.options.service,
      instance: this.options.instance,
      environment: this.options.environment,
      occurred_at: (failure.occurredAt ?? new Date(this.target.now())).toISOString(),
      ...(failure.user ? { user: failure.user } : {}),
      ...(failure.closeCode ? { close_code: failure.closeCode } : {}),
      ...(failure.token ? { token: failure.token } : {}),
      payload: failure.payload,
    };
    this.queue.push(event);
    if (this.queue.length >= this.settings.batchSize) void this.pump();
    else
      this.timer ??= setTimeout(() => {
        this.timer = null;
        this.due = true;
        void this.pump();
      }, this.settings.flushMs);
  }

  status(): ReporterStatus {
    return {
      queued: this.queue.length,
      undelivered: this.queue.dropped,
      failuresInARow: this.failuresInARow,
    };
  }

  /**
   * Sends everything queued so far, backing off as usual. Resolves true when it is all delivered
   * (or dropped, and counted), false when `timeoutMs` passed first; without one it waits.
   */
  flush(timeoutMs?: number): Promise<boolean> {
    const mark = this.queue.pushed;
    const fingerprintMark = this.fingerprintSeq;
    this.due = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const done = this.wakeups.waitFor(
      () => this.queue.doneUpTo(mark) && this.fingerprintSettled >= fingerprintMark,
      timeoutMs,
    );
    void this.pump();
    return done;
  }

  /** For shutdown: flushes for at most `timeoutMs` (default 5 s), then gives up on the rest. */
  async close(timeoutMs = 5_000): Promise<CloseResult> {
    const drained = await this.flush(timeoutMs);
    this.closed = true;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.inFlight?.abort();
    this.wakeups.wake();
    this.queue.abandon();
    this.fingerprintSettled = this.fingerprintSeq;
    this.fingerprint = null;
    this.wakeups.notify();
    return { drained, undelivered: this.queue.dropped };
  }

  /** The one sender: a fingerprint report first, then batches, each attempt after the backoff. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.stopped && this.hasWork()) {
        const wait = this.notBefore - this.target.now();
        if (wait > 0) await this.wakeups.sleep(wait);
        else if (this.fingerprint) await this.sendFingerprint(this.fingerprint);
        else await this.sendBatch();
        this.wakeups.notify();
      }
    } finally {
      this.pumping = false;
    }
  }

  private hasWork(): boolean {
    if (this.fingerprint) return true;
    if (this.queue.length === 0) this.due = false;
    return this.queue.length > 0 && (this.due || this.queue.length >= this.settings.batchSize);
  }

  private async sendFingerprint(pending: PendingFingerprint): Promise<void> {
    const carried = this.queue.dropped;
    const body = carried > 0 ? { ...pending.body, undelivered_failures: carried } : pending.body;
    const outcome = await this.post('/api/v1/fingerprints', body);
    if (outcome.kind === 'accepted') {
      this.queue.settleDropped(carried);
      this.fingerprintAccepted = Math.max(this.fingerprintAccepted, pending.seq);
      return this.settleFingerprint(pending);
    }
    if (outcome.kind === 'refused') {
      this.options.onError?.(
        `/api/v1/fingerprints answered ${outcome.status}: the report is not retried`,
      );
      return this.settleFingerprint(pending);
    }
    pending.attempts += 1;
    if (pending.attempts >= this.settings.fingerprintAttempts) {
      this.options.onError?.(
        `/api/v1/fingerprints: gave up after ${pending.attempts} attempts (${outcome.reason}); the next report carries the count`,
      );
      this.settleFingerprint(pending);
    }
  }

  private settleFingerprint(pending: PendingFingerprint): void {
    this.fingerprintSettled = Math.max(this.fingerprintSettled, pending.seq);
    if (this.fingerprint === pending) this.fingerprint = null;
  }

  private async sendBatch(): Promise<void> {
    const events = this.queue.take(this.settings.batchSize);
    const outcome = await this.post('/api/v1/failures', { events });
    if (outcome.kind === 'accepted') this.queue.delivered();
    else if (outcome.kind === 'retry') this.queue.released();
    else {
      const lost = this.queue.refused();
      this.options.onError?.(
        `/api/v1/failures answered ${outcome.status}: ${lost} failure(s) not delivered`,
      );
    }
  }

  /** One attempt; a 429 / 5xx / network error moves the next attempt out by the backoff. */
  private async post(path: string, body: unknown): Promise<PostOutcome> {
    this.inFlight = new AbortController();
    const outcome = await postJson(this.target, path, body, this.inFlight.signal);
    this.inFlight = null;
    if (outcome.kind !== 'retry') {
      this.failuresInARow = 0;
      return outcome;
    }
    this.failuresInARow += 1;
    const delay = retryDelay(
      this.failuresInARow,
      outcome.retryAfterMs,
      this.random,
      this.settings.backoff,
    );
    this.notBefore = this.target.now() + delay;
    if (this.failuresInARow === 1 && !this.stopped)
      this.options.onError?.(
        `${path} ${outcome.reason}: retrying with backoff (${this.queue.length} failure(s) queued)`,
      );
    return outcome;
  }
}
