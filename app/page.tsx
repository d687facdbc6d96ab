import { OverviewView } from '@/components/fleet/OverviewView';

export const dynamic = 'force-dynamic';

export default function OverviewPage() {
  return (
    <>
      <h1>Fleet</h1>
      <p className="muted">Which key each service resolved, per environment. Consistent only when every instance agrees.</p>
      <OverviewView />
    </>
  );
}
