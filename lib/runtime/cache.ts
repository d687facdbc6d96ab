/**
 * A value loaded once and kept until `clear()` — when a store signal says it changed. Ingest reads
 * the fleet's state per request; a query each time would cost a flood more than its commit.
 * A failed load is not kept.
 */
export function cachedUntilChanged<T>(load: () => Promise<T>): {
  get: () => Promise<T>;
  clear: () => void;
} {
  let cached: Promise<T> | null = null;
  return {
    get: () =>
      (cached ??= load().catch((error: unknown) => {
        cached = null;
        throw error;
      })),
    clear: () => {
      cached = null;
    },
  };
}
