import type { IncidentReport, ProbeChange } from '@/lib/incidents/report';

/** The probe results that changed state in the window: when each target × way began to fail or pass. */
export function ProbeChanges({
  changes,
  compact = false,
}: {
  changes: IncidentReport['probe_changes'];
  /** Presentation mode: one line, each target's last state, so the causes stay on screen. */
  compact?: boolean;
}) {
  if (changes.length === 0) return null;
  if (compact) return <ProbeSummary changes={changes} />;
  return (
    <section className="panel" data-testid="incident-probes">
      <h2>Probe results</h2>
      <ul className="probe-changes">
        {changes.map((change) => (
          <li key={`${change.at}/${change.probe}/${change.target}/${change.way}`}>
            <span className="muted">{change.at.replace('T', ' ').slice(0, 19)} UTC</span>{' '}
            {change.probe}: <strong>{change.target}</strong> via {change.way}{' '}
            <Outcome change={change} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function Outcome({ change }: { change: ProbeChange }) {
  return (
    <span className={change.outcome === 'pass' ? 'ok' : 'error-text'}>
      {change.outcome === 'pass' ? '✓' : '✗'}{' '}
      {change.close_code ?? change.status ?? change.outcome.replace('_', ' ')}
    </span>
  );
}

/** "Probes: backend-rest ✓ 200 · ws-7f9c ✗ 1008 (authorization, subprotocol, query)". */
function ProbeSummary({ changes }: { changes: ProbeChange[] }) {
  const last = new Map<string, ProbeChange>();
  for (const change of [...changes].sort((a, b) => a.at.localeCompare(b.at)))
    last.set(`${change.target}\u0000${change.way}`, change);
  const targets = new Map<string, ProbeChange[]>();
  for (const change of last.values())
    targets.set(change.target, [...(targets.get(change.target) ?? []), change]);
  return (
    <p className="panel probe-summary" data-testid="incident-probes">
      <strong>Probes:</strong>{' '}
      {[...targets].map(([target, ways], index) => {
        // Ways that ended the same way read as one.
        const outcomes = new Map<string, ProbeChange[]>();
        for (const way of ways) {
          const key = `${way.outcome}/${way.close_code ?? way.status}`;
          outcomes.set(key, [...(outcomes.get(key) ?? []), way]);
        }
        return (
          <span key={target}>
            {index > 0 && ' · '}
            <strong>{target}</strong>{' '}
            {[...outcomes.values()].map((same, position) => (
              <span key={position}>
                {position > 0 && ', '}
                <Outcome change={same[0]} />
                {ways.length > 1 && (
                  <span className="muted"> ({same.map((way) => way.way).join(', ')})</span>
                )}
              </span>
            ))}
          </span>
        );
      })}
    </p>
  );
}
