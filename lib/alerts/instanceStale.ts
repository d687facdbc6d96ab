import type { EnvironmentFleet } from '../fleet';
import { alertIdentity, type AlertCondition } from './types';
import { listNames } from './words';

/** One condition per environment and purpose with instances that stopped reporting. */
export function instanceStaleConditions(fleets: readonly EnvironmentFleet[]): AlertCondition[] {
  return fleets.flatMap((fleet) =>
    fleet.purposes
      .filter((purpose) => purpose.stale.length > 0)
      .map((purpose): AlertCondition => {
        const names = purpose.stale.map((member) => `${member.service}/${member.instance}`).sort();
        const lastSeen = Math.max(
          ...purpose.stale.map((member) => Date.parse(member.last_seen_at)),
        );
        return {
          ...alertIdentity(fleet.environment, 'instance_stale', purpose.purpose, {
            purpose: purpose.purpose,
          }),
          summary: `${fleet.environment}: ${listNames(names)} stopped reporting (${purpose.purpose}; last report ${new Date(lastSeen).toISOString()})`,
          immediate: true,
        };
      }),
  );
}
