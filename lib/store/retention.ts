import { logEvent, describeError } from '../log';

/** AUTHSCOPE_RETENTION_DAYS overrides it (lib/runtime/settings.ts). */
export const DEFAULT_RETENTION_DAYS = 14;
const DAY_MS = 86_400_000;

/** What retention sweeps: failures, probe results, … (each deletes its own rows older than a time). */
export interface Expiring {
  deleteBefore(cutoff: number): Promise<number>;
}

/** Removes rows older than `days` soon after start and then every `everyMs`, in the background. */
export function startRetention(
  rows: Expiring,
  days: number,
  event = 'retention',
  everyMs = 3_600_000,
): () => void {
  const sweep = async () => {
    try {
      const removed = await rows.deleteBefore(Date.now() - days * DAY_MS);
      if (removed > 0) logEvent('info', event, { removed, days });
    } catch (error) {
      logEvent('error', `${event}_failed`, describeError(error));
    }
  };
  const first = setTimeout(() => void sweep(), 5_000);
  const timer = setInterval(() => void sweep(), everyMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
