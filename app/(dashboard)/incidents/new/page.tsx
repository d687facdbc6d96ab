import { Suspense } from 'react';
import { IncidentView } from '@/components/incidents/IncidentView';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/** /incidents/new?environment=…&from=…&to=… — the incident review; `present=1` for the meeting. */
export default async function IncidentPage() {
  const { config } = await getRuntime();
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <IncidentView environments={config.environments} />
    </Suspense>
  );
}
