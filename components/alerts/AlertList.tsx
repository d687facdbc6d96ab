import type { AlertView } from '@/lib/alerts/view';
import { SilenceForm } from './SilenceForm';

/** Firing and recent alerts: summary, times, delivery per destination (host only), timeline. */
export function AlertList({ alerts }: { alerts: AlertView[] }) {
  return (
    <ul className="alert-list" data-testid="alert-list">
      {alerts.map((alert) => (
        <li
          key={alert.key}
          className={`alert-item alert-${alert.status}`}
          data-testid="alert-item"
          data-key={alert.key}
        >
          <div className="alert-head">
            <span className="badge" data-testid="alert-status">
              {alert.status}
            </span>{' '}
            <strong>{alert.kind}</strong> <span className="muted">{alert.key}</span>
          </div>
          <p data-testid="alert-summary">{alert.summary}</p>
          <p className="muted">
            started {alert.starts_at ?? '—'}
            {alert.ends_at ? ` · resolved ${alert.ends_at}` : ''}
            {alert.silenced_until ? ` · silenced until ${alert.silenced_until}` : ''}
            {alert.link ? (
              <>
                {' '}
                · <a href={alert.link}>incident view</a>
              </>
            ) : null}
          </p>
          {alert.deliveries.length > 0 && (
            <table className="alert-deliveries">
              <thead>
                <tr>
                  <th>destination</th>
                  <th>host</th>
                  <th>status</th>
                  <th>attempts</th>
                  <th>last result</th>
                </tr>
              </thead>
              <tbody>
                {alert.deliveries.map((delivery) => (
                  <tr key={delivery.name} data-testid="alert-delivery">
                    <td>
                      {delivery.name} ({delivery.kind})
                    </td>
                    <td>{delivery.host}</td>
                    <td>{delivery.status}</td>
                    <td>{delivery.attempts}</td>
                    <td>{delivery.last_result ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <details>
            <summary>Timeline</summary>
            <ol className="alert-timeline">
              {alert.timeline.map((entry, index) => (
                <li key={index}>
                  <span className="muted">{entry.at}</span> {entry.kind}: {entry.summary}
                </li>
              ))}
            </ol>
          </details>
          {alert.status === 'firing' && !alert.silenced_until && (
            <SilenceForm alertKey={alert.key} />
          )}
        </li>
      ))}
    </ul>
  );
}
