'use client';

import { useMemo } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { apiQueries, readFailureView } from '@/lib/client/failureQuery';
import { useFailureDetail, useFailurePages, useFailureStats } from '@/lib/client/useFailures';
import { useFailureGroups } from '@/lib/client/useFailureGroups';
import { useLiveStream } from '@/lib/client/useLiveStream';
import { useRefreshClock } from '@/lib/client/useRefreshClock';
import { spikeWindow } from '@/lib/client/incidentWindow';
import { useFittingRange } from '@/lib/client/fittingRange';
import { resolveRange, rangeText } from '@/lib/client/timeRange';
import { CauseSummary } from './CauseSummary';
import { LeadingCauses } from './LeadingCauses';
import { FailureChart } from './FailureChart';
import { FailureDetailPanel } from './FailureDetailPanel';
import { FailureFilters } from './FailureFilters';
import { FailureGroupList } from './FailureGroupList';
import { FailureTable } from './FailureTable';
import { StreamStatus } from '@/components/layout/StreamStatus';
import { PagedList } from './PagedList';

/** The failures page: filters in the URL, chart and table from the API, live via SSE. */
export function FailuresView({ environments }: { environments: string[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const asked = useMemo(() => readFailureView(new URLSearchParams(params.toString())), [params]);
  // Without a range in the URL, the one that fits the failures shown; until it is known the
  // page waits, rather than flash a window it then leaves.
  const fitted = useFittingRange(asked.filters.environment ?? null, !asked.rangeChosen);
  const ready = asked.rangeChosen || fitted !== null;
  const view = useMemo(
    () => (asked.rangeChosen || fitted === null ? asked : { ...asked, range: fitted }),
    [asked, fitted],
  );
  // "Now" moves when new data arrives, so a named range keeps ending at the present; live
  // events move it at most every 2 s, so a burst refetches the page's queries once.
  const [now, refresh] = useRefreshClock(2_000);
  const queries = useMemo(() => apiQueries(view, now), [view, now]);
  const showEvents = view.show === 'events';
  const pages = useFailurePages(ready && showEvents ? queries.list : null);
  const groups = useFailureGroups(ready && !showEvents ? queries.list : null);
  const stats = useFailureStats(ready ? queries.stats : null);
  const detail = useFailureDetail(view.selected);

  const stream = useLiveStream(['failure'], refresh);

  const update = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params.toString());
    for (const [name, value] of Object.entries(patch)) {
      if (value === undefined || value === '') next.delete(name);
      else next.set(name, value);
    }
    if ('range' in patch && patch.range !== 'custom') {
      next.delete('since');
      next.delete('until');
    }
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
    refresh();
  };

  const items = pages.data?.flatMap((page) => page.items) ?? [];
  const hasMore = Boolean(pages.data?.[pages.data.length - 1]?.next_cursor);
  const error = pages.error ?? groups.error ?? stats.error;
  const groupItems = groups.data?.flatMap((page) => page.items) ?? [];
  const moreGroups = Boolean(groups.data?.[groups.data.length - 1]?.next_cursor);

  return (
    <div className="failures">
      <FailureFilters values={view} environments={environments} onChange={update} />
      {!ready ? null : view.filters.environment || environments.length === 0 ? (
        <CauseSummary
          query={queries.list}
          scope={`${view.filters.environment ?? 'all'} failures ${rangeText(view.range)}`}
          range={resolveRange(view.range, now, { since: view.since, until: view.until })}
          environment={view.filters.environment}
        />
      ) : (
        <LeadingCauses
          query={queries.list}
          environments={environments}
          scope={rangeText(view.range)}
        />
      )}
      <StreamStatus stream={stream} />
      {error && (
        <p className="error-text" role="alert">
          Could not load failures: {error.message}
        </p>
      )}
      <section className="panel">
        {stats.data ? (
          stats.data.points.some((point) => Object.keys(point.counts).length > 0) ? (
            <FailureChart
              stats={stats.data}
              onBucketClick={
                view.filters.environment
                  ? (bucket) =>
                      router.push(
                        `/incidents/new?${spikeWindow(view.filters.environment!, bucket, stats.data!.bucket)}`,
                      )
                  : undefined
              }
            />
          ) : (
            <p className="muted">No failures in this range.</p>
          )
        ) : (
          <p className="muted">Loading the chart…</p>
        )}
      </section>
      <div className="tabs" role="group" aria-label="what to show">
        <button
          type="button"
          className={showEvents ? 'chip' : 'chip chip-on'}
          onClick={() => update({ show: undefined, group: undefined, id: undefined })}
        >
          Problems
        </button>
        <button
          type="button"
          className={showEvents ? 'chip chip-on' : 'chip'}
          onClick={() => update({ show: 'events' })}
          data-testid="show-events"
        >
          All events
        </button>
        {view.filters.group && (
          <span className="muted">
            Showing the events of one problem ·{' '}
            <button
              type="button"
              className="button-plain"
              onClick={() => update({ group: undefined, show: undefined, id: undefined })}
            >
              back to all problems
            </button>
          </span>
        )}
      </div>
      {!showEvents && (
        <section>
          <PagedList
            loading={!ready || groups.isLoading}
            loaded={!!groups.data}
            count={groupItems.length}
            more={moreGroups}
            loadingText="Loading problems…"
            summary={`${groupItems.length}${moreGroups ? '+' : ''} problem(s), most recently failing first. Click one for its events.`}
            moreLabel="More problems"
            onMore={() => groups.setSize(groups.size + 1)}
          >
            <FailureGroupList
              groups={groupItems}
              showEnvironment={!view.filters.environment}
              onOpen={(group) => update({ group: group.id, show: 'events' })}
            />
          </PagedList>
        </section>
      )}
      {showEvents && (
        <div className={view.selected ? 'split' : undefined}>
          <section>
            <PagedList
              loading={!ready || pages.isLoading}
              loaded={!!pages.data}
              count={items.length}
              more={hasMore}
              loadingText="Loading failures…"
              summary={`${items.length}${hasMore ? '+' : ''} failure(s), newest first. Click a row for its payload.`}
              moreLabel="Load more"
              onMore={() => pages.setSize(pages.size + 1)}
            >
              <FailureTable
                items={items}
                selectedId={view.selected}
                onSelect={(id) => update({ id })}
              />
            </PagedList>
          </section>
          {view.selected && detail.data && (
            <FailureDetailPanel failure={detail.data} onClose={() => update({ id: undefined })} />
          )}
          {view.selected && detail.error && (
            <p className="error-text">
              Could not load failure {view.selected}: {detail.error.message}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
