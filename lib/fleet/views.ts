import type { KeyringKey } from '../keys';
import type { FingerprintEvent } from './instanceFields';
import type { GroupOptions, InstanceState, PurposeFleet } from './group';
import { purposeFleets } from './fleet';
import { identify, type Identity, type KnownKey } from './identify';

/** The keyring as the fleet view matches against it (both forms of each secret). */
export function knownKeys(keys: readonly KeyringKey[]): KnownKey[] {
  return keys.map((key) => ({
    keyId: key.keyId,
    environment: key.environment,
    fingerprint: key.fingerprint,
    sha256: key.sha256,
  }));
}

/** One change of the history as the API shows it: key names, display-safe fingerprints only. */
export interface FleetChange {
  id: string;
  at: string;
  environment: string;
  purpose: string;
  service: string;
  instance: string;
  kind: 'first_seen' | 'changed';
  key_id: string | null;
  fingerprint: string;
  previous_key_id: string | null;
  previous_fingerprint: string | null;
  source: string | null;
  version: string | null;
}

export function changeView(event: FingerprintEvent, keys: readonly KnownKey[]): FleetChange {
  const now = identify(event.fingerprint, event.environment, keys);
  const before = event.previous_fingerprint
    ? identify(event.previous_fingerprint, event.environment, keys)
    : null;
  return {
    id: String(event.seq),
    at: new Date(event.at).toISOString(),
    environment: event.environment,
    purpose: event.purpose,
    service: event.service,
    instance: event.instance,
    kind: event.kind,
    key_id: now.keyId,
    fingerprint: now.display,
    previous_key_id: before?.keyId ?? null,
    previous_fingerprint: before?.display ?? null,
    source: event.source,
    version: event.version,
  };
}

export interface ChainStepView {
  source: string;
  present: boolean;
  /** The step the service took: the first present one whose fingerprint is the resolved one. */
  picked: boolean;
  key_id: string | null;
  fingerprint: string | null;
  group_id: string | null;
}

export interface InstanceView {
  purpose: string;
  service: string;
  instance: string;
  group_id: string;
  key_id: string | null;
  fingerprint: string;
  unkeyed: boolean;
  weak: string | null;
  algorithm: string | null;
  source: string | null;
  version: string | null;
  length: number | null;
  last_seen_at: string;
  changed_at: string;
  stale: boolean;
  resolution: ChainStepView[] | null;
  /** Failures this instance's reporter dropped (its queue was full) or had refused; null: never said. */
  undelivered_failures: number | null;
}

export interface EnvironmentView {
  environment: string;
  consistent: boolean;
  purposes: PurposeFleet[];
  instances: InstanceView[];
}

/** The environment page's data: the groups, and each instance's resolution chain against them. */
export function environmentView(
  environment: string,
  instances: readonly InstanceState[],
  options: GroupOptions,
): EnvironmentView {
  const own = instances.filter((state) => state.environment === environment);
  const fleets = purposeFleets(environment, own, options);
  // Group ids hide weak digests, so an identity finds its group through the instances in it.
  const groupByIdentity = new Map<string, string>();
  for (const fleet of fleets) {
    for (const group of fleet.groups) {
      for (const member of group.members) {
        const state = own.find(
          (candidate) =>
            candidate.purpose === fleet.purpose &&
            candidate.service === member.service &&
            candidate.instance === member.instance,
        );
        if (state)
          groupByIdentity.set(
            `${fleet.purpose}\u0000${identify(state.fingerprint, environment, options.keys).id}`,
            group.id,
          );
      }
    }
  }
  const groupId = (identity: Identity, purpose: string) =>
    groupByIdentity.get(`${purpose}\u0000${identity.id}`) ?? null;
  const views = own.map((state): InstanceView => {
    const identity = identify(state.fingerprint, environment, options.keys);
    let picked = false;
    return {
      purpose: state.purpose,
      service: state.service,
      instance: state.instance,
      group_id: groupId(identity, state.purpose)!,
      key_id: identity.keyId,
      fingerprint: identity.display,
      unkeyed: identity.unkeyed,
      weak: identity.weak,
      algorithm: state.algorithm,
      source: state.source,
      version: state.version,
      length: state.length,
      last_seen_at: state.last_seen_at,
      changed_at: state.changed_at,
      stale: options.now - Date.parse(state.last_seen_at) > options.staleAfterMs,
      resolution:
        state.resolution?.map((step): ChainStepView => {
          const stepIdentity = step.fingerprint
            ? identify(step.fingerprint, environment, options.keys)
            : null;
          const isPick =
            !picked &&
            step.present &&
            (step.source === state.source || stepIdentity?.id === identity.id);
          if (isPick) picked = true;
          return {
            source: step.source,
            present: step.present,
            picked: isPick,
            key_id: stepIdentity?.keyId ?? null,
            fingerprint: stepIdentity?.display ?? null,
            group_id: stepIdentity ? groupId(stepIdentity, state.purpose) : null,
          };
        }) ?? null,
      undelivered_failures: state.undelivered_failures ?? null,
    };
  });
  return {
    environment,
    consistent: fleets.every((fleet) => fleet.consistent),
    purposes: fleets,
    instances: views,
  };
}
