import type { PurposeFleet } from './group';

/** The pre-deploy gate's answer for one environment (all purposes, or one). */
export interface Consistency {
  environment: string;
  consistent: boolean;
  status: PurposeFleet['status'];
  groups: PurposeFleet['groups'];
  stale: PurposeFleet['stale'];
  unreachable: PurposeFleet['unreachable'];
  purposes: Array<{ purpose: string; status: PurposeFleet['status'] }>;
}

const SEVERITY: Record<PurposeFleet['status'], number> = {
  consistent: 0,
  empty: 1,
  stale: 2,
  not_comparable: 3,
  mismatch: 4,
};

export function consistencyOf(environment: string, purposes: readonly PurposeFleet[]): Consistency {
  const worst = [...purposes].sort((a, b) => SEVERITY[b.status] - SEVERITY[a.status])[0];
  return {
    environment,
    consistent: purposes.length > 0 && purposes.every((fleet) => fleet.consistent),
    status: worst?.status ?? 'empty',
    groups: purposes.flatMap((fleet) => fleet.groups),
    stale: purposes.flatMap((fleet) => fleet.stale),
    unreachable: worst?.unreachable ?? [],
    purposes: purposes.map((fleet) => ({ purpose: fleet.purpose, status: fleet.status })),
  };
}

/** What an ingest key may read of the gate: the verdict only — no groups, key names or members. */
export type GateVerdict = Pick<Consistency, 'environment' | 'consistent' | 'status' | 'purposes'>;

export function gateVerdict(consistency: Consistency): GateVerdict {
  const { environment, consistent, status, purposes } = consistency;
  return { environment, consistent, status, purposes };
}
