'use client';

import { useEnvironmentProbes } from '@/lib/client/useProbes';
import { ProbePanel } from './ProbePanel';

/** The environment page's probe panel: a live widget polling its own endpoint. */
export function ProbeSection({ environment, now }: { environment: string; now: number }) {
  const probes = useEnvironmentProbes(environment);
  return (
    <section className="panel" data-testid="probe-panel">
      <h2>Probes</h2>
      {probes.error && (
        <p className="error-text" role="alert">
          Could not load the probes: {probes.error.message}
        </p>
      )}
      {probes.data ? (
        <ProbePanel view={probes.data} now={now} />
      ) : (
        !probes.error && <p className="muted">Loading…</p>
      )}
    </section>
  );
}
