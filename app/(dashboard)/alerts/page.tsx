import { AlertList } from '@/components/alerts/AlertList';
import { destinationView } from '@/lib/alerts';
import { listAlerts } from '@/lib/alerts/view';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

export default async function AlertsPage() {
  const { store, alerting } = await getRuntime();
  const alerts = await listAlerts(store.alerts, alerting.destinations, Date.now());
  const destinations = alerting.destinations.map(destinationView);
  return (
    <>
      <h1>Alerts</h1>
      <p className="muted">
        Firing alerts and those resolved in the last 24 hours. Notifications go to{' '}
        {destinations.length === 0
          ? 'no destination (configure "notify")'
          : destinations.map((d) => `${d.name} (${d.kind}, ${d.host})`).join(', ')}
        .
      </p>
      {alerts.length === 0 ? (
        <p className="notice">Nothing firing, nothing resolved recently.</p>
      ) : (
        <AlertList alerts={alerts} />
      )}
    </>
  );
}
