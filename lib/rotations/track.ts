import type { InstanceName } from '../fleet/instanceFields';
import type { ResolutionStep } from '../fleet/report';

/** One stored change of an instance's key (a fingerprint history row; `at` in ms). */
export interface KeyChange extends InstanceName {
  at: number;
  fingerprint: string;
  version: string | null;
}

export type RotationStatus =
  'in_progress' | 'completed' | 'rolled_back' | 'two_keys' | 'superseded';

export interface RotationKey {
  fingerprint: string;
  /** The keyring key it matches, when known. */
  key: string | null;
  version: string | null;
}

export interface Laggard {
  service: string;
  instance: string;
  /** When the instance took the key it still holds. */
  since: string;
  version: string | null;
  chain: ResolutionStep[] | null;
}

export interface Rotation {
  environment: string;
  purpose: string;
  status: RotationStatus;
  from: RotationKey | null;
  to: RotationKey;
  started_at: string;
  first_instance: { service: string; instance: string };
  /** n of m instances on the new key, after every change while the rotation was open. */
  progress: { at: string; on_new: number; of: number }[];
  laggards: Laggard[];
  ended_at: string | null;
  /** Completed: started → last instance moved. */
  converge_ms: number | null;
}

export interface TrackOptions {
  now: number;
  /** A rotation with no change for this long while both keys are in use leaves two keys for good. */
  settleMs?: number;
  keyName?: (fingerprint: string) => string | null;
  /** The chain each instance resolves now (service/instance → steps), for laggards. */
  chain?: (service: string, instance: string) => ResolutionStep[] | null;
}

interface Held {
  fingerprint: string;
  version: string | null;
  since: number;
}

const DAY = 24 * 3600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Derives rotations from key-change history: a fingerprint new to an environment and purpose opens
 * one; it completes when every instance holds the new key, is rolled back when none does any more,
 * and leaves two keys for good when it stops moving for settleMs while both are held. Rotations come
 * newest first, per environment and purpose.
 */
export function trackRotations(changes: readonly KeyChange[], options: TrackOptions): Rotation[] {
  const streams = new Map<string, KeyChange[]>();
  for (const change of [...changes].sort((a, b) => a.at - b.at)) {
    const id = `${change.environment}\u0000${change.purpose}`;
    const list = streams.get(id) ?? [];
    list.push(change);
    streams.set(id, list);
  }
  const rotations: Rotation[] = [];
  for (const stream of streams.values()) rotations.push(...trackOne(stream, options));
  return rotations.sort((a, b) => Date.parse(b.started_at) - Date.parse(a.started_at));
}

function trackOne(changes: readonly KeyChange[], options: TrackOptions): Rotation[] {
  const held = new Map<string, Held>();
  const seen = new Set<string>();
  const done: Rotation[] = [];
  let open: Rotation | null = null;
  let lastMove = 0;
  const keyOf = (fingerprint: string, version: string | null): RotationKey => ({
    fingerprint,
    key: options.keyName?.(fingerprint) ?? null,
    version,
  });

  for (const change of changes) {
    const id = `${change.service}\u0000${change.instance}`;
    const before = held.get(id);
    if (before && before.fingerprint === change.fingerprint) {
      before.version = change.version;
      continue;
    }
    const isNew = !seen.has(change.fingerprint);
    seen.add(change.fingerprint);
    if (isNew && held.size > 0) {
      if (open) {
        open.status = 'superseded';
        open.ended_at = iso(change.at);
        done.push(open);
      }
      const from = before ?? dominant(held);
      open = {
        environment: change.environment,
        purpose: change.purpose,
        status: 'in_progress',
        from: from ? keyOf(from.fingerprint, from.version) : null,
        to: keyOf(change.fingerprint, change.version),
        started_at: iso(change.at),
        first_instance: { service: change.service, instance: change.instance },
        progress: [],
        laggards: [],
        ended_at: null,
        converge_ms: null,
      };
    }
    held.set(id, { fingerprint: change.fingerprint, version: change.version, since: change.at });
    if (!open) continue;
    lastMove = change.at;
    const onNew = [...held.values()].filter((h) => h.fingerprint === open!.to.fingerprint).length;
    open.progress.push({ at: iso(change.at), on_new: onNew, of: held.size });
    if (onNew === held.size || onNew === 0) {
      open.status = onNew === 0 ? 'rolled_back' : 'completed';
      open.ended_at = iso(change.at);
      if (onNew > 0) open.converge_ms = change.at - Date.parse(open.started_at);
      done.push(open);
      open = null;
    }
  }
  if (open) {
    open.laggards = [...held.entries()]
      .filter(([, h]) => h.fingerprint !== open!.to.fingerprint)
      .map(([id, h]) => {
        const [service, instance] = id.split('\u0000') as [string, string];
        return {
          service,
          instance,
          since: iso(h.since),
          version: h.version,
          chain: options.chain?.(service, instance) ?? null,
        };
      })
      .sort((a, b) => a.since.localeCompare(b.since));
    if (options.now - lastMove >= (options.settleMs ?? DAY)) open.status = 'two_keys';
    done.push(open);
  }
  return done;
}

/** The key most instances hold (the fleet's key before a rotation). */
function dominant(held: Map<string, Held>): Held | null {
  const counts = new Map<string, { count: number; sample: Held }>();
  for (const h of held.values()) {
    const entry = counts.get(h.fingerprint) ?? { count: 0, sample: h };
    entry.count += 1;
    counts.set(h.fingerprint, entry);
  }
  let best: { count: number; sample: Held } | null = null;
  for (const entry of counts.values()) if (!best || entry.count > best.count) best = entry;
  return best?.sample ?? null;
}
