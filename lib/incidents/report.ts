import type { FleetChange } from '../fleet/views';
import { probeState } from '../probes/state';
import type { StoredProbeResult } from '../probes/types';
import type { CauseSummary, IncidentAggregates } from '../failures/types';
import { isoOrNull } from '../time/range';

/** Everything the incident view and its Markdown export show: facts only, no token, no secret. */
export interface IncidentReport {
  environment: string;
  from: string;
  to: string;
  total: number;
  first_failure_at: string | null;
  last_failure_at: string | null;
  causes: CauseSummary['items'];
  services: IncidentAggregates['services'];
  instances: IncidentAggregates['instances'];
  users: IncidentAggregates['users'];
  signer_vs_resolver: IncidentAggregates['signerVsResolver'];
  /** Fingerprint changes in the window (rotations, restarts onto another version), oldest first. */
  changes: FleetChange[];
  /** Probe target × way results that began a new state in the window, oldest first. */
  probe_changes: ProbeChange[];
}

export interface ProbeChange {
  at: string;
  probe: string;
  target: string;
  way: string;
  outcome: string;
  status: number | null;
  close_code: number | null;
}

export function incidentReport(input: {
  environment: string;
  from: number;
  to: number;
  aggregates: IncidentAggregates;
  causes: CauseSummary;
  changes: readonly FleetChange[];
  probeChanges?: readonly StoredProbeResult[];
}): IncidentReport {
  const iso = isoOrNull;
  return {
    environment: input.environment,
    from: new Date(input.from).toISOString(),
    to: new Date(input.to).toISOString(),
    total: input.aggregates.total,
    first_failure_at: iso(input.aggregates.first),
    last_failure_at: iso(input.aggregates.last),
    causes: input.causes.items,
    services: input.aggregates.services,
    instances: input.aggregates.instances,
    users: input.aggregates.users,
    signer_vs_resolver: input.aggregates.signerVsResolver,
    changes: [...input.changes].sort(
      (a, b) => a.at.localeCompare(b.at) || Number(a.id) - Number(b.id),
    ),
    probe_changes: (input.probeChanges ?? []).map((result) => {
      const { environment: _environment, ...state } = probeState(result);
      return { at: new Date(result.at).toISOString(), ...state };
    }),
  };
}
