import { z } from 'zod';
import { parseDuration } from '../config/duration';
import type { AlertStore } from '../store/alertStore';
import { destinationView, type Destination, type DestinationView } from './destinations';
import type { AlertState } from './types';

/** One alert as the API and the page show it: times as ISO strings, destinations by host. */
export interface AlertView {
  key: string;
  environment: string;
  kind: string;
  subject: string;
  status: string;
  labels: Record<string, string>;
  summary: string;
  starts_at: string | null;
  ends_at: string | null;
  silenced_until: string | null;
  link: string | null;
  deliveries: Array<
    DestinationView & {
      status: string;
      attempts: number;
      last_result: string | null;
      delivered_at: string | null;
    }
  >;
  timeline: Array<{ at: string; kind: string; summary: string }>;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Firing alerts and those resolved in the last `recentMs`, with their delivery status and timeline. */
export async function listAlerts(
  store: AlertStore,
  destinations: readonly Destination[],
  now: number,
  recentMs = 24 * 3_600_000,
): Promise<AlertView[]> {
  const alerts = await store.recent(now - recentMs);
  const deliveries = await store.deliveries(alerts.map((alert) => alert.key));
  return Promise.all(
    alerts.map(async (alert: AlertState): Promise<AlertView> => {
      const own = deliveries.filter((entry) => entry.key === alert.key);
      return {
        key: alert.key,
        environment: alert.environment,
        kind: alert.kind,
        subject: alert.subject,
        status: alert.status,
        labels: alert.labels,
        summary: alert.summary,
        starts_at: iso(alert.startsAt),
        ends_at: iso(alert.endsAt),
        silenced_until:
          alert.silencedUntil !== null && alert.silencedUntil > now
            ? iso(alert.silencedUntil)
            : null,
        link: own.at(-1)?.notification.link ?? null,
        deliveries: own.flatMap((entry) => {
          const destination = destinations.find(
            (candidate) => candidate.name === entry.destination,
          );
          if (!destination) return [];
          return [
            {
              ...destinationView(destination),
              status: entry.status,
              attempts: entry.attempts,
              last_result: entry.lastResult,
              delivered_at: iso(entry.deliveredAt),
            },
          ];
        }),
        timeline: (await store.timeline(alert.key, 20)).map((entry) => ({
          at: new Date(entry.at).toISOString(),
          kind: entry.kind,
          summary: entry.summary,
        })),
      };
    }),
  );
}

const MAX_SILENCE_MS = 7 * 86_400_000;

/** `POST /api/v1/alerts/silences`: which alert, and for how long (at most 7 days). */
export const SilenceRequest = z.strictObject({
  key: z.string().min(1).max(300),
  duration: z.string().refine(
    (text) => {
      const ms = parseDuration(text);
      return ms !== null && ms > 0 && ms <= MAX_SILENCE_MS;
    },
    { message: 'expected a duration from "1m" to "7d"' },
  ),
});
