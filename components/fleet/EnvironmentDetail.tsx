'use client';

import { useCallback, useMemo } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { FailureChart } from '@/components/failures/FailureChart';
import { FailureTable } from '@/components/failures/FailureTable';
import { CauseSummary } from '@/components/failures/CauseSummary';
import { ProbeSection } from '@/components/probes/ProbeSection';
import { FailureGroupList } from '@/components/failures/FailureGroupList';
import { useFailureGroups } from '@/lib/client/useFailureGroups';
import { spikeWindow } from '@/lib/client/incidentWindow';
import { useFittingRange } from '@/lib/client/fittingRange';
import { isRangeName, RANGES, rangeText, resolveRange } from '@/lib/client/timeRange';
import { useFailurePages, useFailureStats } from '@/lib/client/useFailures';
import { useEnvironment, useFleetHistory } from '@/lib/client/useFleet';
import { useLiveStream } from '@/lib/client/useLiveStream';
import { refreshEnvironmentProbes } from '@/lib/client/useProbes';
import { useRefreshClock } from '@/lib/client/useRefreshClock';
import { rotationMarkers, useRotations } from '@/lib/client/useRotations';
import { RotationPanel } from '@/components/rotations/RotationPanel';
import { TrustPanel } from '@/components/trust/TrustPanel';
import { useTrust } from '@/lib/client/useTrust';
import { consistencyStatus } from './consistencyStatus';
import { ChainMatrix } from './ChainMatrix';
import { ChangeHistory } from './ChangeHistory';
import { groupColor, groupLabel } from './groupColors';
import { StatusBadge } from './StatusBadge';
import { StreamStatus } from '@/components/layout/StreamStatus';

const LIVE_EVENTS = ['fingerprint', 'mismatch', 'failure', 'probe'] as const;

/** The environment page: groups, the resolution matrix, failures over time with changes marked. */
export function EnvironmentDetail({ environment }: { environment: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const rangeParam = params.get('range');
  const chosen = isRangeName(rangeParam) && rangeParam !== 'custom' ? rangeParam : null;
  // Without a chosen range, the one that fits this environment's failures (not a fixed window).
  const fitted = useFittingRange(environment, chosen === null);
  const range = chosen ?? fitted ?? '1h';
  // Until the fitted range is known the chart waits, rather than flash a window it then leaves.
  const rangeReady = chosen !== null || fitted !== null;
  const [now, refresh] = useRefreshClock(1_000);
  const span = useMemo(() => resolveRange(range, now), [range, now]);

  const view = useEnvironment(environment);
  const history = useFleetHistory(environment, span.since);
  const rotations = useRotations(environment);
  const mutateRotations = rotations.mutate;
  const trust = useTrust(environment);
  const mutateTrust = trust.mutate;
  const query = new URLSearchParams({ environment, since: span.since, until: span.until });
  const stats = useFailureStats(`${query}&bucket=${span.bucket}&by=cause`);
  const failures = useFailurePages(query.toString());
  const groups = useFailureGroups(query.toString());
  const groupItems = groups.data?.flatMap((page) => page.items) ?? [];
  const mutateView = view.mutate;
  const mutateHistory = history.mutate;
  const stream = useLiveStream(
    LIVE_EVENTS,
    useCallback(
      (type: string) => {
        if (type === 'failure') refresh();
        else if (type === 'probe') refreshEnvironmentProbes(environment);
        else {
          void mutateView();
          void mutateHistory();
          void mutateRotations();
          void mutateTrust();
        }
      },
      [refresh, mutateView, mutateHistory, mutateRotations, mutateTrust, environment],
    ),
  );

  const status = view.data ? consistencyStatus(view.data.purposes) : null;
  const markers = (history.data?.items ?? [])
    .filter((change) => change.kind === 'changed')
    .map((change) => ({
      at: change.at,
      label: `${change.service}: ${change.key_id ?? 'other key'}`,
    }))
    .concat(rotationMarkers(rotations.data?.items ?? []));
  const items = failures.data?.flatMap((page) => page.items) ?? [];

  return (
    <>
      <header className="env-detail-head">
        <h1>{environment}</h1>
        {status && <StatusBadge status={status} />}
        <StreamStatus stream={stream} as="span" />
      </header>
      {view.error && (
        <p className="error-text" role="alert">
          Could not load {environment}: {view.error.message}
        </p>
      )}
      {view.data && (
        <section className="panel">
          <h2>Who resolved what</h2>
          {view.data.purposes.map((purpose) => (
            <div key={purpose.purpose} className="env-groups-inline">
              {view.data!.purposes.length > 1 && <span className="muted">{purpose.purpose}: </span>}
              {purpose.groups.map((group, index) => (
                <span
                  key={group.id}
                  className="group-chip"
                  style={{ borderColor: groupColor(index), color: groupColor(index) }}
                >
                  {groupLabel(group)} · {group.services.join(', ')}
                  {group.sources.length > 0 && <> · {group.sources.join(', ')}</>}
                </span>
              ))}
              {purpose.unreachable.map((target) => (
                <p key={target.url} className="warning-text">
                  Unreachable: {target.service ?? target.url} — {target.error}
                </p>
              ))}
            </div>
          ))}
          {view.data.instances
            .filter((row) => (row.undelivered_failures ?? 0) > 0)
            .map((row) => (
              <p
                key={`${row.purpose}/${row.service}/${row.instance}`}
                className="warning-text"
                data-testid="undelivered-failures"
                title="dropped by its reporter (queue full while the dashboard was away or refusing) or refused: the counts on this page miss them"
              >
                {row.service} · {row.instance}: {row.undelivered_failures}{' '}
                {row.undelivered_failures === 1 ? 'failure' : 'failures'} not delivered
              </p>
            ))}
          <ChainMatrix view={view.data} />
        </section>
      )}
      <section className="panel">
        <h2>Key rotations</h2>
        {rotations.data ? (
          <RotationPanel rotations={rotations.data.items} />
        ) : (
          <p className="muted">Loading…</p>
        )}
      </section>
      {trust.data && (trust.data.purposes.length > 0 || trust.data.published.length > 0) && (
        <section className="panel">
          <h2>Public-key trust</h2>
          <TrustPanel view={trust.data} />
        </section>
      )}
      <ProbeSection environment={environment} now={now} />
      <CauseSummary
        query={query.toString()}
        scope={`${environment} failures ${rangeText(range)}`}
        range={span}
        environment={environment}
      />
      <section className="panel">
        <div className="range-picker" role="group" aria-label="time range">
          {Object.keys(RANGES).map((name) => (
            <button
              key={name}
              type="button"
              className={`chip${name === range ? ' chip-on' : ''}`}
              onClick={() => router.replace(`${pathname}?range=${name}`, { scroll: false })}
            >
              {name}
            </button>
          ))}
        </div>
        {stats.data && rangeReady ? (
          <FailureChart
            stats={stats.data}
            markers={markers}
            onBucketClick={(bucket) =>
              router.push(`/incidents/new?${spikeWindow(environment, bucket, stats.data!.bucket)}`)
            }
          />
        ) : (
          <p className="muted">Loading the chart…</p>
        )}
      </section>
      <section>
        <h2>Problems</h2>
        {failures.data && items.length === 0 && (
          <p className="empty">No failures in {environment} in this range.</p>
        )}
        {groupItems.length > 0 && (
          <FailureGroupList
            groups={groupItems}
            showEnvironment={false}
            onOpen={(group) =>
              router.push(
                `/failures?${new URLSearchParams({ environment, group: group.id, range })}`,
              )
            }
          />
        )}
        {items.length > 0 && (
          <details>
            <summary>
              All {items.length}
              {failures.data?.at(-1)?.next_cursor ? '+' : ''} failure events
            </summary>
            <FailureTable
              items={items}
              selectedId={null}
              onSelect={(id) =>
                router.push(`/failures?environment=${encodeURIComponent(environment)}&id=${id}`)
              }
            />
          </details>
        )}
      </section>
      <section className="panel">
        <h2>Changes</h2>
        {history.data ? (
          <ChangeHistory changes={history.data.items} />
        ) : (
          <p className="muted">Loading…</p>
        )}
      </section>
    </>
  );
}
