import { identify, type Identity, type KnownKey } from './identify';
import type { InstanceName, ResolvedKeyFacts } from './instanceFields';
import type { ResolutionStep } from './report';

/** The current state of one instance, derived from its report history. */
export interface InstanceState extends InstanceName, ResolvedKeyFacts {
  resolution: ResolutionStep[] | null;
  last_seen_at: string;
  changed_at: string;
  /** Failures its reporter could not deliver, summed over its reports; null when never said. */
  undelivered_failures?: number | null;
}

export interface UnreachableTarget {
  environment: string;
  service: string | null;
  url: string;
  error: string;
  since: string;
}

export interface GroupMember {
  service: string;
  instance: string;
  source: string | null;
  version: string | null;
  last_seen_at: string;
  stale: boolean;
}

export interface FingerprintGroup {
  /** Stable within the environment; never an unkeyed digest of a weak secret. */
  id: string;
  key_id: string | null;
  fingerprint: string;
  unkeyed: boolean;
  weak: string | null;
  members: GroupMember[];
  services: string[];
  sources: string[];
  versions: string[];
}

export type FleetStatus = 'consistent' | 'mismatch' | 'not_comparable' | 'stale' | 'empty';

export interface PurposeFleet {
  environment: string;
  purpose: string;
  status: FleetStatus;
  consistent: boolean;
  groups: FingerprintGroup[];
  stale: GroupMember[];
  unreachable: UnreachableTarget[];
}

export interface GroupOptions {
  now: number;
  staleAfterMs: number;
  keys: readonly KnownKey[];
  unreachable?: readonly UnreachableTarget[];
}

/**
 * Groups the instances of one environment and purpose by the key they resolved. Consistent only
 * with exactly one group and nothing stale or unreachable (README, Pages).
 */
export function groupPurpose(
  environment: string,
  purpose: string,
  instances: readonly InstanceState[],
  options: GroupOptions,
): PurposeFleet {
  const byIdentity = new Map<string, { identity: Identity; members: GroupMember[] }>();
  for (const state of instances) {
    const identity = identify(state.fingerprint, environment, options.keys);
    const member: GroupMember = {
      service: state.service,
      instance: state.instance,
      source: state.source,
      version: state.version,
      last_seen_at: state.last_seen_at,
      stale: options.now - Date.parse(state.last_seen_at) > options.staleAfterMs,
    };
    const entry = byIdentity.get(identity.id) ?? { identity, members: [] };
    entry.members.push(member);
    byIdentity.set(identity.id, entry);
  }

  // Largest group first: the odd one out reads as the drift.
  const entries = [...byIdentity.values()].sort(
    (a, b) => b.members.length - a.members.length || a.identity.id.localeCompare(b.identity.id),
  );
  let weakIndex = 0;
  const groups = entries.map(({ identity, members }): FingerprintGroup => ({
    id: identity.keyId
      ? `key:${identity.keyId}`
      : identity.weak
        ? `weak-${++weakIndex}`
        : identity.display,
    key_id: identity.keyId,
    fingerprint: identity.display,
    unkeyed: identity.unkeyed,
    weak: identity.weak,
    members: members.sort(
      (a, b) => a.service.localeCompare(b.service) || a.instance.localeCompare(b.instance),
    ),
    services: unique(members.map((member) => member.service)),
    sources: unique(members.flatMap((member) => (member.source ? [member.source] : []))),
    versions: unique(members.flatMap((member) => (member.version ? [member.version] : []))),
  }));

  const stale = groups.flatMap((group) => group.members.filter((member) => member.stale));
  const unreachable = (options.unreachable ?? []).filter(
    (target) => target.environment === environment,
  );
  const comparable = isComparable(entries.map((entry) => entry.identity));
  const status: FleetStatus =
    groups.length === 0 && unreachable.length === 0
      ? 'empty'
      : groups.length > 1
        ? comparable
          ? 'mismatch'
          : 'not_comparable'
        : stale.length > 0 || unreachable.length > 0
          ? 'stale'
          : 'consistent';
  return {
    environment,
    purpose,
    status,
    consistent: status === 'consistent',
    groups,
    stale,
    unreachable,
  };
}

/**
 * Two groups are "not comparable" only when they may be one secret in two forms: one unmatched
 * unkeyed sha256 and one unmatched keyed hmac value. Anything else is a mismatch: a value that
 * matches a keyring key differs from every other (the keyring knows both forms of its own
 * secrets), and two values of one scheme are two secrets.
 */
function isComparable(identities: readonly Identity[]): boolean {
  if (identities.length !== 2 || identities.some((identity) => identity.keyId)) return true;
  const schemes = new Set(identities.map((identity) => identity.scheme));
  return !(schemes.has('sha256/16') && schemes.has('hmac-sha256/16'));
}

function unique(values: string[]): string[] {
  return [...new Set(values)].sort();
}
