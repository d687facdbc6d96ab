import type { EnvironmentProbesView } from '@/lib/probes/views';
import { cellText, sinceText, WAY_LABELS } from './probeText';

const WAYS = ['authorization', 'subprotocol', 'query'] as const;

/**
 * Each probe as targets × ways: ✓ / ✗ with the status or close code and since when — the
 * incident write-up's "REST token, then WebSocket" test, run continuously.
 */
export function ProbePanel({ view, now }: { view: EnvironmentProbesView; now: number }) {
  if (view.probes.length === 0) {
    return (
      <p className="muted">
        No probes configured for {view.environment}: add them under <code>probes</code> in the
        config (docs/configuration.md).
      </p>
    );
  }
  return (
    <>
      {view.probes.map((probe) => (
        <div
          key={probe.name}
          className="table-wrap"
          data-testid={`probe-${probe.name}`}
          data-status={probe.status}
        >
          <p>
            <strong>{probe.name}</strong>{' '}
            <span className="muted">
              token by {probe.token_source} · every {Math.round(probe.interval_ms / 1000)} s
            </span>
          </p>
          <table className="table probe-matrix">
            <thead>
              <tr>
                <th>target</th>
                {WAYS.map((way) => (
                  <th key={way}>{WAY_LABELS[way]}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {probe.targets.map((target) => (
                <tr key={target.name} data-target={target.name}>
                  <td>
                    <strong>{target.name}</strong>{' '}
                    <span className="muted">
                      {target.kind} · {target.url}
                    </span>
                  </td>
                  {WAYS.map((way) => {
                    const cell = target.ways.find((candidate) => candidate.way === way);
                    if (!cell)
                      return (
                        <td key={way} className="muted">
                          —
                        </td>
                      );
                    const tone =
                      cell.outcome === null
                        ? 'muted'
                        : cell.outcome === 'pass'
                          ? 'ok'
                          : 'error-text';
                    const title = [
                      cell.reason,
                      cell.signed_by ? `token signed by ${cell.signed_by}` : null,
                      cell.latency_ms !== null ? `${cell.latency_ms} ms` : null,
                    ]
                      .filter(Boolean)
                      .join(' · ');
                    return (
                      <td
                        key={way}
                        data-way={way}
                        data-outcome={cell.outcome ?? 'pending'}
                        title={title || undefined}
                      >
                        <span className={tone}>{cellText(cell)}</span>
                        {cell.since && (
                          <span className="muted"> · since {sinceText(cell.since, now)}</span>
                        )}
                        {cell.reason && cell.outcome !== 'pass' && (
                          <div className="muted probe-reason">{cell.reason}</div>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </>
  );
}
