import { alertIdentity, type AlertCondition } from './types';

/** Failures of one cause in one environment within the window. */
export interface CauseCount {
  environment: string;
  cause: string;
  count: number;
}

/** One condition per environment and cause whose count in the window reached the threshold. */
export function failureSpikeConditions(
  counts: readonly CauseCount[],
  threshold: number,
  windowMs: number,
): AlertCondition[] {
  const minutes = Math.round(windowMs / 60_000);
  const window = minutes >= 1 ? `${minutes} min` : `${Math.round(windowMs / 1000)} s`;
  return counts
    .filter((row) => row.count >= threshold)
    .map((row): AlertCondition => ({
      ...alertIdentity(row.environment, 'failure_spike', row.cause, { cause: row.cause }),
      summary: `${row.environment}: ${row.count} ${row.cause} failures in the last ${window} (threshold ${threshold})`,
      immediate: true,
      notifyChanges: false,
    }));
}

/** Sums the per-bucket counts of failure stats (by cause) into one count per cause. */
export function sumByCause(
  environment: string,
  points: ReadonlyArray<{ counts: Record<string, number> }>,
): CauseCount[] {
  const totals = new Map<string, number>();
  for (const point of points) {
    for (const [cause, count] of Object.entries(point.counts))
      totals.set(cause, (totals.get(cause) ?? 0) + count);
  }
  return [...totals].map(([cause, count]) => ({ environment, cause, count }));
}
