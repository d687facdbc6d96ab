'use client';

import useSWR from 'swr';
import { useEffect, useMemo, useState } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { FailureChart } from '@/components/failures/FailureChart';
import { FailureTable } from '@/components/failures/FailureTable';
import { fetchJson } from '@/lib/client/fetchJson';
import {
  bucketFor,
  incidentSearch,
  readIncidentWindow,
  type IncidentWindow,
} from '@/lib/client/incidentWindow';
import { useFailurePages, useFailureStats } from '@/lib/client/useFailures';
import type { IncidentReport } from '@/lib/incidents/report';
import { IncidentFacts } from './IncidentFacts';
import { AffectedList, CausesTable, SignerResolverMatrix } from './IncidentTables';
import { ProbeChanges } from './ProbeChanges';
import { EnvironmentSelect } from '@/components/forms/EnvironmentSelect';

/**
 * The incident review on one screen: the failure timeline by cause with fingerprint changes on the
 * same axis, the facts, the signer-vs-resolver matrix and the failures of the window. Presentation
 * mode hides the chrome and enlarges everything for a projector.
 */
export function IncidentView({ environments }: { environments: string[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [now] = useState(() => Date.now());
  const span = useMemo(
    () => readIncidentWindow(new URLSearchParams(params.toString()), environments, now),
    [params, environments, now],
  );
  const go = (patch: Partial<IncidentWindow>) =>
    router.replace(`${pathname}?${incidentSearch(span, patch)}`, { scroll: false });

  // A link without a window gets the absolute one it shows, so copying the URL freezes it.
  useEffect(() => {
    if (!params.get('from') || !params.get('to'))
      router.replace(`${pathname}?${incidentSearch(span)}`, { scroll: false });
  }, [params, pathname, router, span]);

  const report = useSWR<IncidentReport>(
    `/api/v1/incidents?${new URLSearchParams({ environment: span.environment, from: span.from, to: span.to })}`,
    (url: string) => fetchJson<IncidentReport>(url),
  );
  const failureQuery = new URLSearchParams({
    environment: span.environment,
    since: span.from,
    until: span.to,
  });
  const stats = useFailureStats(`${failureQuery}&bucket=${bucketFor(span)}&by=cause`);
  const failures = useFailurePages(failureQuery.toString());
  const items = failures.data?.flatMap((page) => page.items) ?? [];
  const markers = (report.data?.changes ?? [])
    .filter((change) => change.kind === 'changed')
    .map((change) => ({
      at: change.at,
      label: `${change.instance}: ${change.key_id ?? 'other key'}`,
    }));
  const [copied, setCopied] = useState(false);

  const copyLink = async () => {
    await navigator.clipboard.writeText(
      `${location.origin}${pathname}?${incidentSearch(span, { present: false })}`,
    );
    setCopied(true);
  };

  return (
    <div
      className={span.present ? `presentation theme-${span.theme}` : undefined}
      data-testid="incident-view"
    >
      <header className="incident-head">
        <h1>Incident review: {span.environment}</h1>
        <p className="muted" data-testid="incident-span">
          {span.from.replace('T', ' ').slice(0, 16)} – {span.to.replace('T', ' ').slice(0, 16)} UTC
        </p>
        <div className="incident-actions">
          <a
            className="button"
            href={`/api/v1/incidents/markdown?${new URLSearchParams({ environment: span.environment, from: span.from, to: span.to })}`}
            data-testid="export-markdown"
          >
            Export as Markdown
          </a>
          <button type="button" className="button" onClick={() => void copyLink()}>
            {copied ? 'Link copied' : 'Copy share link'}
          </button>
          <button type="button" className="button" onClick={() => go({ present: !span.present })}>
            {span.present ? 'Leave presentation' : 'Presentation mode'}
          </button>
          {span.present && (
            <button
              type="button"
              className="button"
              onClick={() => go({ theme: span.theme === 'dark' ? 'light' : 'dark' })}
            >
              {span.theme === 'dark' ? 'Light theme' : 'Dark theme'}
            </button>
          )}
        </div>
      </header>
      {!span.present && (
        <form
          className="filters"
          aria-label="incident span"
          onSubmit={(event) => event.preventDefault()}
        >
          <label>
            Environment{' '}
            <EnvironmentSelect
              environments={environments}
              value={span.environment}
              onChange={(environment) => go({ environment })}
            />
          </label>
          <UtcTimeInput label="From" value={span.from} onChange={(from) => go({ from })} />
          <UtcTimeInput label="To" value={span.to} onChange={(to) => go({ to })} />
          <span className="muted">times in UTC</span>
        </form>
      )}
      {report.error && (
        <p className="error-text" role="alert">
          Could not load the incident: {report.error.message}
        </p>
      )}
      {!report.data && !report.error && <p className="muted">Loading the incident…</p>}
      {report.data && (
        <>
          <IncidentFacts report={report.data} />
          <section className="panel">
            <h2>Failures by cause, with fingerprint changes</h2>
            {stats.data ? (
              <FailureChart
                stats={stats.data}
                markers={markers}
                height={span.present ? 160 : 240}
              />
            ) : (
              <p className="muted">Loading the chart…</p>
            )}
          </section>
          <ProbeChanges changes={report.data.probe_changes ?? []} compact={span.present} />
          <div className="columns">
            <section className="panel">
              <h2>Causes</h2>
              <CausesTable causes={report.data.causes} />
            </section>
            <section className="panel">
              <h2>Signed by vs resolved</h2>
              <SignerResolverMatrix rows={report.data.signer_vs_resolver} />
            </section>
          </div>
          <section className="panel incident-affected">
            <h2>Affected</h2>
            <AffectedList report={report.data} />
          </section>
          {!span.present && (
            <section>
              <h2>Failures in the window</h2>
              {items.length === 0 ? (
                <p className="empty">No failures in this window.</p>
              ) : (
                <FailureTable
                  items={items}
                  selectedId={null}
                  onSelect={(id) =>
                    router.push(
                      `/failures?environment=${encodeURIComponent(span.environment)}&range=custom&since=${encodeURIComponent(span.from)}&until=${encodeURIComponent(span.to)}&id=${id}`,
                    )
                  }
                />
              )}
            </section>
          )}
        </>
      )}
    </div>
  );
}

/** A minute-precise time in UTC (the incident view's times are UTC, as the exported report's are). */
function UtcTimeInput({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (iso: string) => void;
}) {
  return (
    <label>
      {label}{' '}
      <input
        type="datetime-local"
        value={value.slice(0, 16)}
        onChange={(event) =>
          event.target.value && onChange(new Date(`${event.target.value}:00Z`).toISOString())
        }
      />
    </label>
  );
}
