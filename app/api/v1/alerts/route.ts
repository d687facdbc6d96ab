import { listAlerts } from '@/lib/alerts/view';
import { destinationView } from '@/lib/alerts';
import { json, route } from '@/lib/http';
import { getRuntime } from '@/lib/runtime';

export const GET = route(async () => {
  const { store, alerting } = await getRuntime();
  const now = Date.now();
  return json({
    generated_at: new Date(now).toISOString(),
    destinations: alerting.destinations.map(destinationView),
    alerts: await listAlerts(store.alerts, alerting.destinations, now),
  });
});
