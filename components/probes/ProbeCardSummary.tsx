import type { EnvironmentProbesView } from '@/lib/probes/views';
import { cellText, sinceText } from './probeText';

/** On an overview card: each failing probe target with its ways and since when; nothing when all pass. */
export function ProbeCardSummary({
  view,
  now,
}: {
  view: EnvironmentProbesView | undefined;
  now: number;
}) {
  if (!view || view.status !== 'failing') return null;
  const failing = view.probes.flatMap((probe) =>
    probe.targets.flatMap((target) => {
      const cells = target.ways.filter((cell) => cell.outcome !== null && cell.outcome !== 'pass');
      return cells.length > 0
        ? [{ key: `${probe.name}/${target.name}`, probe: probe.name, target: target.name, cells }]
        : [];
    }),
  );
  return (
    <div className="probe-card-summary" data-testid={`probe-summary-${view.environment}`}>
      {failing.map((entry) => (
        <p key={entry.key} className="error-text">
          Probe {entry.probe}: {entry.target}{' '}
          {entry.cells.map((cell) => `${cellText(cell)} (${cell.way})`).join(', ')}
          <span className="muted"> · since {sinceText(entry.cells[0].since, now)}</span>
        </p>
      ))}
    </div>
  );
}
