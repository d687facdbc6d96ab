import type { EnvironmentFleet, FingerprintGroup, PurposeFleet } from '../fleet';
import { alertIdentity, type AlertCondition } from './types';
import { listNames } from './words';

const INCONSISTENT = new Set<PurposeFleet['status']>(['mismatch', 'not_comparable']);

/**
 * One condition per environment and purpose whose instances resolved more than one key. The
 * summary names every group, the odd ones out first with the source they took their key from.
 */
export function fleetMismatchConditions(fleets: readonly EnvironmentFleet[]): AlertCondition[] {
  return fleets.flatMap((fleet) =>
    fleet.purposes
      .filter((purpose) => INCONSISTENT.has(purpose.status))
      .map((purpose): AlertCondition => ({
        ...alertIdentity(fleet.environment, 'fleet_mismatch', purpose.purpose, {
          purpose: purpose.purpose,
        }),
        summary: mismatchSummary(fleet.environment, purpose.groups),
      })),
  );
}

/** "staging: backend-websocket resolves staging-legacy from env:JWT_SECRET_KEY; auth-service and backend-rest resolve staging-primary" */
export function mismatchSummary(environment: string, groups: readonly FingerprintGroup[]): string {
  // Groups come largest first; the drift reads first, the majority last and without its source.
  const ordered = [...groups].reverse();
  const parts = ordered.map((group, index) => {
    const verb = group.services.length === 1 ? 'resolves' : 'resolve';
    const what =
      group.key_id ??
      (group.weak ? `a weak secret (${group.weak})` : `unknown key ${group.fingerprint}`);
    const from =
      index < ordered.length - 1 && group.sources.length > 0
        ? ` from ${group.sources.join(', ')}`
        : '';
    return `${listNames(group.services)} ${verb} ${what}${from}`;
  });
  return `${environment}: ${parts.join('; ')}`;
}
