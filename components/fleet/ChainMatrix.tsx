import type { EnvironmentView } from '@/lib/fleet/views';
import { groupColor } from './groupColors';

/**
 * Each service's lookup chain in the order that service tried it — "JWT_SECRET_STAGING (unset) →
 * JWT_SECRET_KEY ✓ = staging-legacy" — with the key each set source holds coloured by group. One
 * shared column per source cannot do this: two services may try the same sources in different
 * orders, and a skipped unset variable must read as skipped, before the one that was picked.
 */
export function ChainMatrix({ view }: { view: EnvironmentView }) {
  const groups = view.purposes.flatMap((purpose) => purpose.groups.map((group) => group.id));
  const colorOf = (groupId: string | null) => groupColor(groupId ? groups.indexOf(groupId) : -1);
  if (view.instances.length === 0)
    return <p className="muted">No instance of this environment has reported yet.</p>;
  return (
    <div className="table-wrap">
      <table className="table chain-matrix" data-testid="chain-matrix">
        <thead>
          <tr>
            <th>service / instance</th>
            <th>resolved</th>
            <th>lookup order (first set source wins)</th>
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
              <td className="chain-steps" data-testid="chain-steps">
                {!instance.resolution?.length && (
                  <span className="muted">
                    {instance.source ? <code>{instance.source}</code> : '—'} (chain not reported)
                  </span>
                )}
                {instance.resolution?.map((step, index) => (
                  <span key={`${index}-${step.source}`}>
                    {index > 0 && <span className="muted"> → </span>}
                    <span
                      className={step.picked ? 'chain-step chain-picked' : 'chain-step'}
                      data-source={step.source}
                      data-picked={step.picked}
                      data-present={step.present}
                    >
                      <code>{step.source}</code>
                      {!step.present ? (
                        <span className="muted"> (unset)</span>
                      ) : (
                        <span style={{ color: colorOf(step.group_id) }}>
                          {step.picked ? ' ✓' : ' (set, not used)'}
                          {step.key_id ? ` = ${step.key_id}` : ''}
                        </span>
                      )}
                    </span>
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
