import { identify, type InstanceState, type KnownKey } from '../fleet';
import type { FingerprintEvent } from '../fleet/instanceFields';
import { trackRotations, type Rotation } from './track';

/**
 * One environment's rotations's rotations for the API and pages: fingerprints shown as identify() displays them
 * (never an unkeyed digest of a weak secret), keys named by the keyring, laggards with the chain
 * they resolve now.
 */
export function environmentRotations(
  events: readonly FingerprintEvent[],
  instances: readonly InstanceState[],
  keys: readonly KnownKey[],
  now: number,
  settleMs?: number,
): Rotation[] {
  const seen = new Map<string, ReturnType<typeof identify>>();
  const id = (environment: string, fingerprint: string) => {
    const cacheKey = `${environment}\u0000${fingerprint}`;
    let identity = seen.get(cacheKey);
    if (!identity) seen.set(cacheKey, (identity = identify(fingerprint, environment, keys)));
    return identity;
  };
  // Tracked on the stored fingerprints (two weak secrets both display as "weak secret"), shown after.
  const environmentOf = events[0]?.environment ?? '';
  const rotations = trackRotations(events, {
    now,
    settleMs,
    keyName: (fingerprint) => id(environmentOf, fingerprint).keyId,
  });
  const byInstance = new Map(
    instances.map((state) => [
      `${state.purpose}\u0000${state.service}\u0000${state.instance}`,
      state,
    ]),
  );
  for (const rotation of rotations) {
    if (rotation.from)
      rotation.from.fingerprint = id(rotation.environment, rotation.from.fingerprint).display;
    rotation.to.fingerprint = id(rotation.environment, rotation.to.fingerprint).display;
    for (const laggard of rotation.laggards) {
      const state = byInstance.get(
        `${rotation.purpose}\u0000${laggard.service}\u0000${laggard.instance}`,
      );
      laggard.chain =
        state?.resolution?.map((step) => ({
          ...step,
          ...(step.fingerprint
            ? { fingerprint: id(state.environment, step.fingerprint).display }
            : {}),
        })) ?? null;
    }
  }
  return rotations;
}
