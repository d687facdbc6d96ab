import type { FleetStatus } from '@/lib/fleet/group';

const TEXT: Record<FleetStatus, string> = {
  consistent: 'consistent',
  mismatch: 'MISMATCH',
  not_comparable: 'not comparable',
  stale: 'stale member',
  empty: 'no reports',
};

export function StatusBadge({ status }: { status: FleetStatus }) {
  return (
    <span className={`fleet-status fleet-status-${status}`} data-testid="fleet-status">
      {TEXT[status]}
    </span>
  );
}
