import type { FleetStatus, PurposeFleet } from '@/lib/fleet/group';

const SEVERITY: Record<FleetStatus, number> = {
  consistent: 0,
  empty: 1,
  stale: 2,
  not_comparable: 3,
  mismatch: 4,
};

/** The worst status over an environment's purposes: what its card and header show. */
export function consistencyStatus(purposes: readonly Pick<PurposeFleet, 'status'>[]): FleetStatus {
  return (
    purposes.map((purpose) => purpose.status).sort((a, b) => SEVERITY[b] - SEVERITY[a])[0] ??
    'empty'
  );
}
