import type { IncidentReport } from '@/lib/incidents/report';

/** The probe results that changed state in the window: when each target × way began to fail or pass. */
export function ProbeChanges({ changes }: { changes: IncidentReport['probe_changes'] }) {
  if (changes.length === 0) return null;
  return (
    <section className="panel" data-testid="incident-probes">
      <h2>Probe results</h2>
      <ul className="probe-changes">
        {changes.map((change) => (
          <li key={`${change.at}/${change.probe}/${change.target}/${change.way}`}>
            <span className="muted">{change.at.replace('T', ' ').slice(0, 19)} UTC</span>{' '}
            {change.probe}: <strong>{change.target}</strong> via {change.way}{' '}
            <span className={change.outcome === 'pass' ? 'ok' : 'error-text'}>
              {change.outcome === 'pass' ? '✓' : '✗'}{' '}
              {change.close_code ?? change.status ?? change.outcome.replace('_', ' ')}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
