import type { Rotation, RotationKey } from '@/lib/rotations/track';

const keyName = (key: RotationKey | null) =>
  key ? (key.key ?? (key.version ? `version ${key.version}` : key.fingerprint)) : 'no key';
const when = (iso: string) => iso.replace('T', ' ').slice(0, 19);
const OPEN = new Set(['in_progress', 'two_keys']);

function duration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

function Current({ rotation }: { rotation: Rotation }) {
  const latest = rotation.progress.at(-1);
  const onNew = latest?.on_new ?? 0;
  const of = latest?.of ?? 0;
  return (
    <div className="rotation-current" data-testid="rotation-current" data-status={rotation.status}>
      <p>
        <strong>{rotation.purpose}</strong>: {keyName(rotation.from)} → {keyName(rotation.to)},
        started {when(rotation.started_at)} UTC by {rotation.first_instance.service}/
        {rotation.first_instance.instance}
        {rotation.status === 'two_keys' && (
          <span className="warning-text"> — stopped moving: two keys in use for good</span>
        )}
      </p>
      <progress max={of} value={onNew} aria-label={`${onNew} of ${of} instances on the new key`} />
      <span data-testid="rotation-progress">
        {' '}
        {onNew} of {of} instances on the new key
      </span>
      {rotation.laggards.length > 0 && (
        <table className="table" data-testid="rotation-laggards">
          <thead>
            <tr>
              <th>laggard</th>
              <th>on its key since (UTC)</th>
              <th>version</th>
              <th>chain</th>
            </tr>
          </thead>
          <tbody>
            {rotation.laggards.map((laggard) => (
              <tr key={`${laggard.service}/${laggard.instance}`}>
                <td>
                  <strong>{laggard.service}</strong>{' '}
                  <span className="muted">{laggard.instance}</span>
                </td>
                <td>
                  <time dateTime={laggard.since}>{when(laggard.since)}</time>
                </td>
                <td>{laggard.version ?? '—'}</td>
                <td>{laggard.chain?.map((step) => step.source).join(' → ') ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** The environment's rotations: the open one as progress with its laggards, past ones with durations. */
export function RotationPanel({ rotations }: { rotations: readonly Rotation[] }) {
  if (rotations.length === 0)
    return <p className="muted">No key rotations seen in this environment.</p>;
  const open = rotations.filter((rotation) => OPEN.has(rotation.status));
  const past = rotations.filter((rotation) => !OPEN.has(rotation.status));
  return (
    <div data-testid="rotation-panel">
      {open.map((rotation) => (
        <Current key={`${rotation.purpose}/${rotation.started_at}`} rotation={rotation} />
      ))}
      {past.length > 0 && (
        <table className="table" data-testid="rotation-past">
          <thead>
            <tr>
              <th>started (UTC)</th>
              <th>purpose</th>
              <th>rotation</th>
              <th>outcome</th>
              <th>time to converge</th>
            </tr>
          </thead>
          <tbody>
            {past.map((rotation) => (
              <tr key={`${rotation.purpose}/${rotation.started_at}`}>
                <td>
                  <time dateTime={rotation.started_at}>{when(rotation.started_at)}</time>
                </td>
                <td>{rotation.purpose}</td>
                <td>
                  {keyName(rotation.from)} → {keyName(rotation.to)}
                </td>
                <td>{rotation.status.replace('_', ' ')}</td>
                <td>{rotation.converge_ms !== null ? duration(rotation.converge_ms) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
