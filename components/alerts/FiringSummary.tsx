import Link from 'next/link';
import type { AlertView } from '@/lib/alerts/view';

/** The overview's line of what is firing right now; nothing when all is quiet. */
export function FiringSummary({ alerts }: { alerts: AlertView[] }) {
  const firing = alerts.filter((alert) => alert.status === 'firing');
  if (firing.length === 0) return null;
  return (
    <div className="notice alert-firing-summary" role="status" data-testid="firing-alerts">
      <strong>
        {firing.length} alert{firing.length === 1 ? '' : 's'} firing
      </strong>{' '}
      <Link href="/alerts">open alerts</Link>
      <ul>
        {firing.map((alert) => (
          <li key={alert.key}>
            {alert.kind}: {alert.summary}
          </li>
        ))}
      </ul>
    </div>
  );
}
