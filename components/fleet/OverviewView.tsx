'use client';

import { useCallback } from 'react';
import { useFailureStats } from '@/lib/client/useFailures';
import { useFleet } from '@/lib/client/useFleet';
import { useProbes } from '@/lib/client/useProbes';
import { useLiveStream } from '@/lib/client/useLiveStream';
import { useRefreshClock } from '@/lib/client/useRefreshClock';
import { EnvironmentCard, type CardFailures } from './EnvironmentCard';

const LIVE_EVENTS = ['fingerprint', 'mismatch', 'failure', 'probe'] as const;

/** The overview: one card per environment, refreshed by the live stream. */
export function OverviewView() {
  const fleet = useFleet();
  const probes = useProbes();
  const mutateProbes = probes.mutate;
  const mutateFleet = fleet.mutate;
  const [now, refresh] = useRefreshClock(1_000);
  const since = new Date(Math.floor(now / 60_000) * 60_000 - 3_600_000).toISOString();
  const stats = useFailureStats(`bucket=minute&by=environment&since=${encodeURIComponent(since)}`);
  const stream = useLiveStream(
    LIVE_EVENTS,
    useCallback(
      (type: string) => {
        if (type === 'failure') refresh();
        else if (type === 'probe') void mutateProbes();
        else void mutateFleet();
      },
      [refresh, mutateFleet, mutateProbes],
    ),
  );

  const failuresOf = (environment: string): CardFailures | null => {
    if (!stats.data) return null;
    const perMinute = stats.data.points.map((point) => point.counts[environment] ?? 0);
    return { total: perMinute.reduce((sum, value) => sum + value, 0), perMinute };
  };

  return (
    <>
      <p className="muted live-state" data-testid="stream-state">
        {stream === 'live'
          ? '● live'
          : stream === 'connecting'
            ? '○ connecting…'
            : '○ reconnecting…'}
      </p>
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
