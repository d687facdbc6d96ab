import { Suspense } from 'react';
import { redirect } from 'next/navigation';
import { IncidentView } from '@/components/incidents/IncidentView';
import { latestIncidentWindow } from '@/lib/incidents';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/** /incidents/new?environment=…&from=…&to=… — the incident review; `present=1` for the meeting. */
export default async function IncidentPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { config, store } = await getRuntime();
  // The nav links here bare: open where the most recent failures are, not the first environment.
  if (!(await searchParams).environment) {
    const latest = await latestIncidentWindow(store, Date.now());
    if (latest) redirect(`/incidents/new?${new URLSearchParams(latest)}`);
  }
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <IncidentView environments={config.environments} />
    </Suspense>
  );
}
