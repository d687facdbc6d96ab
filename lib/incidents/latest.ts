import type { Store } from '../store';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Where the nav's "Incidents" should land: the environment of the most recent failure, over the
 * hour up to the end of that failure's minute (so the window is never empty). Null: no failures.
 */
export async function latestIncidentWindow(
  store: Store,
  now: number,
): Promise<{ environment: string; from: string; to: string } | null> {
  const { items } = await store.failures.list({ equals: {} }, { limit: 1 });
  const latest = items[0];
  if (!latest) return null;
  const to = Math.min(
    Math.ceil(now / MINUTE) * MINUTE,
    Math.floor(Date.parse(latest.occurred_at) / MINUTE) * MINUTE + MINUTE,
  );
  return {
    environment: latest.environment,
    from: new Date(to - HOUR).toISOString(),
    to: new Date(to).toISOString(),
  };
}
