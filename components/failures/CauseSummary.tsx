'use client';

import Link from 'next/link';
import useSWR from 'swr';
import { fetchJson } from '@/lib/client/fetchJson';
import type { CauseSummary as Summary } from '@/lib/failures/types';

/**
 * What the failures and environment pages lead with: the share of the leading diagnosed cause and
 * its explanation ("83 % of staging failures in the last hour: secret_mismatch — …").
 */
export function CauseSummary({
  query,
  scope,
  range,
  environment,
}: {
  query: string;
  scope: string;
  range: { since: string; until: string };
  environment?: string;
}) {
  const { data, error } = useSWR<Summary>(
    `/api/v1/failures/causes?${query}`,
    (url: string) => fetchJson<Summary>(url),
    { keepPreviousData: true },
  );
  if (error) return <p className="error-text">Could not load the causes: {error.message}</p>;
  if (!data || data.total === 0) return null;
  const [lead, ...rest] = data.items;
  const incident = environment
    ? `/incidents/new?${new URLSearchParams({ environment, from: range.since, to: range.until })}`
    : null;
  return (
    <section className="panel cause-summary" data-testid="cause-summary">
      <p className="cause-lead">
        <strong>{Math.round(lead.share * 100)} %</strong> of {scope}: <strong>{lead.cause}</strong>
        {lead.detail && <> — {lead.detail}</>}
      </p>
      {rest.length > 0 && (
        <p className="muted">
          {rest
            .slice(0, 4)
            .map((entry) => `${entry.cause} ${Math.round(entry.share * 100)} %`)
            .join(' · ')}
          {rest.length > 4 && ` · ${rest.length - 4} more`}
        </p>
      )}
      {incident && <Link href={incident}>Open the incident view for this range →</Link>}
    </section>
  );
}
