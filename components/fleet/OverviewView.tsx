'use client';

import { useCallback, useEffect } from 'react';
import { useFailureStats } from '@/lib/client/useFailures';
import { useFleet } from '@/lib/client/useFleet';
import { useProbes } from '@/lib/client/useProbes';
import { useLiveStream } from '@/lib/client/useLiveStream';
import { useRefreshClock } from '@/lib/client/useRefreshClock';
import { useThrottled } from '@/lib/client/useThrottled';
import { EnvironmentCard, type CardFailures } from './EnvironmentCard';
import { StreamStatus } from '@/components/layout/StreamStatus';

const LIVE_EVENTS = ['fingerprint', 'mismatch', 'failure', 'probe'] as const;
/** Live events refresh what they changed at most this often (a burst is one refresh). */
const LIVE_REFRESH_MS = 2_000;

/** The overview: one card per environment, refreshed by the live stream. */
export function OverviewView() {
  const fleet = useFleet();
  const probes = useProbes();
  const mutateProbes = useThrottled(() => void probes.mutate(), LIVE_REFRESH_MS);
  const mutateFleet = useThrottled(() => void fleet.mutate(), LIVE_REFRESH_MS);
  const [now, refresh] = useRefreshClock(LIVE_REFRESH_MS);
  const since = new Date(Math.floor(now / 60_000) * 60_000 - 3_600_000).toISOString();
  // The hour slides at each minute even with no event, so the cards count what a reload counts.
  useEffect(() => {
    const timer = setTimeout(refresh, 60_500 - (now % 60_000));
    return () => clearTimeout(timer);
  }, [now, refresh]);
  const stats = useFailureStats(`bucket=minute&by=environment&since=${encodeURIComponent(since)}`);
  // Within a minute the stats key stays the same: revalidate it, not only move the clock.
  const refreshFailures = useThrottled(() => {
    refresh();
    void stats.mutate();
  }, LIVE_REFRESH_MS);
  const stream = useLiveStream(
    LIVE_EVENTS,
    useCallback(
      (type: string) => {
        if (type === 'failure') refreshFailures();
        else if (type === 'probe') mutateProbes();
        else mutateFleet();
      },
      [refreshFailures, mutateFleet, mutateProbes],
    ),
  );

  const failuresOf = (environment: string): CardFailures | null => {
    if (!stats.data) return null;
    const perMinute = stats.data.points.map((point) => point.counts[environment] ?? 0);
    let lastIndex = perMinute.length - 1;
    while (lastIndex >= 0 && perMinute[lastIndex] === 0) lastIndex -= 1;
    return {
      total: perMinute.reduce((sum, value) => sum + value, 0),
      perMinute,
      lastFailureMinute: lastIndex < 0 ? null : Date.parse(stats.data.points[lastIndex].t),
    };
  };

  return (
    <>
      <StreamStatus stream={stream} />
      {fleet.error && (
        <p className="error-text" role="alert">
          Could not load the fleet: {fleet.error.message}
        </p>
      )}
      {!fleet.data && !fleet.error && <p className="muted">Loading the fleet…</p>}
      <div className="env-cards">
        {fleet.data?.environments.map((environment) => (
          <EnvironmentCard
            key={environment.environment}
            fleet={environment}
            failures={failuresOf(environment.environment)}
            now={now}
            probes={probes.data?.environments.find(
              (view) => view.environment === environment.environment,
            )}
          />
        ))}
      </div>
      {fleet.data &&
        fleet.data.environments.every((environment) =>
          environment.purposes.every((purpose) => purpose.groups.length === 0),
        ) && (
          <p className="empty">
            No fingerprint reports yet. Services POST them to <code>/api/v1/fingerprints</code>, or
            list their debug endpoints as
            <code> targets</code> in the config; see docs/integrating.md.
          </p>
        )}
    </>
  );
}
