import { FiringSummary } from '@/components/alerts/FiringSummary';
import { OverviewView } from '@/components/fleet/OverviewView';
import { listAlerts } from '@/lib/alerts/view';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

export default async function OverviewPage() {
  const { store, alerting } = await getRuntime();
  const alerts = await listAlerts(store.alerts, alerting.destinations, Date.now());
  return (
    <>
      <h1>Fleet</h1>
      <p className="muted">
        Which key each service resolved, per environment. Consistent only when every instance
        agrees.
      </p>
      <FiringSummary alerts={alerts} />
      <OverviewView />
    </>
  );
}
