import { identify, type InstanceState, type KnownKey } from '../fleet';
import type { Resolver } from './causes';

/**
 * The key a failing service resolved, from the fleet's current state: its own instance when it
 * reported one, else the service when all its instances agree. Unknown otherwise.
 */
export function resolverFinder(instances: readonly InstanceState[], keys: readonly KnownKey[]) {
  return (
    environment: string,
    service: string | null,
    instance: string | null,
  ): Resolver | null => {
    if (!service) return null;
    const own = instances.filter(
      (state) => state.environment === environment && state.service === service,
    );
    const exact = instance ? own.find((state) => state.instance === instance) : undefined;
    const candidates = exact ? [exact] : own;
    if (candidates.length === 0) return null;
    const identities = candidates.map((state) => identify(state.fingerprint, environment, keys));
    if (new Set(identities.map((identity) => identity.id)).size > 1) return null;
    const state = candidates[0];
    return {
      keyId: identities[0].keyId,
      source: state.source,
      version: state.version,
      who: exact ? `${service}/${exact.instance}` : service,
    };
  };
}
