import type { EnvironmentView, InstanceView } from '@/lib/fleet/views';
import { groupColor } from './groupColors';

/**
 * Services × the sources of their lookup chains, in the order they were tried. Each cell says
 * whether the source was set, which one the service picked, and which key it holds (coloured by
 * group) — so "backend-websocket skipped JWT_SECRET_STAGING" reads at a glance.
 */
export function ChainMatrix({ view }: { view: EnvironmentView }) {
  const groups = view.purposes.flatMap((purpose) => purpose.groups.map((group) => group.id));
  const colorOf = (groupId: string | null) => groupColor(groupId ? groups.indexOf(groupId) : -1);
  const sources = orderedSources(view.instances);
  if (view.instances.length === 0)
    return <p className="muted">No instance of this environment has reported yet.</p>;
  return (
    <div className="table-wrap">
      <table className="table chain-matrix" data-testid="chain-matrix">
        <thead>
          <tr>
            <th>service / instance</th>
            <th>resolved</th>
            {sources.map((source) => (
              <th key={source}>
                <code>{source}</code>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {view.instances.map((instance) => (
            <tr
              key={`${instance.purpose}/${instance.service}/${instance.instance}`}
              data-service={instance.service}
            >
              <td>
                <strong>{instance.service}</strong>{' '}
                <span className="muted">{instance.instance}</span>
                {instance.stale && <span className="warning-text"> · stale</span>}
              </td>
              <td style={{ color: colorOf(instance.group_id) }}>
                {instance.key_id ?? (instance.weak ? 'weak secret — rotate' : instance.fingerprint)}
                {instance.version && <span className="muted"> v{instance.version}</span>}
              </td>
              {sources.map((source) => {
                const step = instance.resolution?.find((candidate) => candidate.source === source);
                if (!step)
                  return (
                    <td key={source} className="muted">
                      —
                    </td>
                  );
                return (
                  <td
                    key={source}
                    className={step.picked ? 'chain-picked' : undefined}
                    data-source={source}
                    data-picked={step.picked}
                  >
                    {!step.present ? (
                      <span className="muted">not set</span>
                    ) : (
                      <span style={{ color: colorOf(step.group_id) }}>
                        {step.picked ? '● picked' : 'set'}
                        {step.key_id ? ` = ${step.key_id}` : ''}
                      </span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function orderedSources(instances: readonly InstanceView[]): string[] {
  const order: string[] = [];
  for (const instance of instances) {
    for (const step of instance.resolution ?? [])
      if (!order.includes(step.source)) order.push(step.source);
  }
  return order;
}
