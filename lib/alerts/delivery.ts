import { describeError, logEvent } from '../log';
import type { AlertStore, OutboxEntry } from '../store/alertStore';
import { retryDelay, sendNotification, type Destination, type SendResult } from './destinations';

export interface DeliveryOptions {
  store: AlertStore;
  destinations: readonly Destination[];
  resendMs: number;
  now?: () => number;
  random?: () => number;
  /** Counts each attempt's result (the notifications metric). */
  onResult?: (destination: string, ok: boolean) => void;
  send?: (destination: Destination, entry: OutboxEntry, now: number) => Promise<SendResult>;
}

/**
 * Sends what the outbox holds. Each destination gets its notifications in outbox order: one that
 * fails holds back the later ones (a resolve never overtakes its firing), and is retried after an
 * exponential backoff with jitter. State lives in the store only, so a restart resumes.
 */
export class DeliveryWorker {
  private readonly lastSentAt = new Map<string, number>();
  private running: Promise<number> | null = null;

  constructor(private readonly options: DeliveryOptions) {}

  /** One pass over the outbox; returns how many were delivered. Concurrent calls share a pass. */
  run(): Promise<number> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<number> {
    const now = this.options.now ?? Date.now;
    const pending = await this.options.store.due(Number.MAX_SAFE_INTEGER, 500);
    const byDestination = new Map<string, OutboxEntry[]>();
    for (const entry of pending)
      byDestination.set(entry.destination, [
        ...(byDestination.get(entry.destination) ?? []),
        entry,
      ]);
    const delivered = await Promise.all(
      [...byDestination].map(([name, entries]) => this.deliverInOrder(name, entries, now)),
    );
    return delivered.reduce((sum, count) => sum + count, 0);
  }

  private async deliverInOrder(
    name: string,
    entries: OutboxEntry[],
    now: () => number,
  ): Promise<number> {
    const destination = this.options.destinations.find((candidate) => candidate.name === name);
    let delivered = 0;
    for (const entry of entries) {
      if (entry.nextAttemptAt > now()) break;
      if (!destination) {
        await this.options.store.failed(
          entry.id,
          'destination not configured',
          now() + retryDelay(entry.attempts + 1, this.options.random),
        );
        break;
      }
      await this.waitForSlot(destination, now);
      const result = await this.attempt(destination, entry, now());
      this.lastSentAt.set(destination.name, now());
      this.options.onResult?.(destination.name, result.ok);
      if (!result.ok) {
        const next = now() + retryDelay(entry.attempts + 1, this.options.random);
        await this.options.store.failed(entry.id, result.detail, next);
        logEvent('warn', 'alert_delivery_failed', {
          destination: destination.name,
          kind: destination.kind,
          result: result.detail,
          attempts: entry.attempts + 1,
        });
        break;
      }
      await this.options.store.delivered(entry.id, result.detail, now());
      delivered++;
    }
    return delivered;
  }

  private async attempt(
    destination: Destination,
    entry: OutboxEntry,
    now: number,
  ): Promise<SendResult> {
    try {
      if (this.options.send) return await this.options.send(destination, entry, now);
      return await sendNotification(destination, entry.notification, {
        now,
        resendMs: this.options.resendMs,
      });
    } catch (error) {
      logEvent('error', 'alert_delivery_error', {
        destination: destination.name,
        ...describeError(error),
      });
      return { ok: false, detail: 'error' };
    }
  }

  /** Slack-compatible webhooks take at most one message per second. */
  private async waitForSlot(destination: Destination, now: () => number): Promise<void> {
    const last = this.lastSentAt.get(destination.name);
    if (last === undefined || destination.minIntervalMs === 0) return;
    const wait = last + destination.minIntervalMs - now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
