'use client';

import useSWR from 'swr';
import { fetchJson } from '@/lib/client/fetchJson';
import type { CauseSummary as Summary } from '@/lib/failures/types';

/**
 * "All environments": each environment's own leading cause, so one environment's explanation is
 * never read as everyone's.
 */
export function LeadingCauses({
  query,
  environments,
  scope,
}: {
  query: string;
  environments: string[];
  scope: string;
}) {
  return (
    <section className="panel cause-summary" data-testid="cause-summary">
      <p className="muted">Leading cause per environment, {scope}</p>
      <ul className="leading-causes">
        {environments.map((environment) => (
          <EnvironmentLead key={environment} environment={environment} query={query} />
        ))}
      </ul>
    </section>
  );
}

function EnvironmentLead({ environment, query }: { environment: string; query: string }) {
  const params = new URLSearchParams(query);
  params.set('environment', environment);
  const { data } = useSWR<Summary>(
    `/api/v1/failures/causes?${params}`,
    (url: string) => fetchJson<Summary>(url),
    { keepPreviousData: true },
  );
  const lead = data?.items[0];
  return (
    <li data-environment={environment}>
      <strong>{environment}</strong>:{' '}
      {!data ? (
        '…'
      ) : !lead ? (
        <span className="muted">no failures</span>
      ) : (
        <>
          <strong>{Math.round(lead.share * 100)} %</strong> {lead.cause} of{' '}
          {data.total.toLocaleString('en')}
          {lead.detail && <span className="muted"> — {lead.detail}</span>}
        </>
      )}
    </li>
  );
}
