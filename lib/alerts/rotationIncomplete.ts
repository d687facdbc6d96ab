import type { Rotation } from '../rotations';
import { alertIdentity, type AlertCondition } from './types';
import { listNames } from './words';

const OPEN = new Set<Rotation['status']>(['in_progress', 'two_keys']);

/**
 * One condition per environment and purpose whose open rotation started at least `afterMs` ago.
 * It fires at once (the rotation's age is its own wait); the summary says n of m and the laggards,
 * and changes only when the rotation moves (a changed summary is a notification).
 */
export function rotationIncompleteConditions(
  rotations: readonly Rotation[],
  afterMs: number,
  now: number,
): AlertCondition[] {
  return rotations
    .filter(
      (rotation) => OPEN.has(rotation.status) && now - Date.parse(rotation.started_at) >= afterMs,
    )
    .map((rotation): AlertCondition => {
      const latest = rotation.progress.at(-1);
      const name = (key: Rotation['to'] | null) =>
        key?.key ??
        (key?.version ? `version ${key.version}` : (key?.fingerprint ?? 'an unknown key'));
      const laggards = listNames(
        rotation.laggards.map((laggard) => `${laggard.service}/${laggard.instance}`),
      );
      return {
        ...alertIdentity(rotation.environment, 'rotation_incomplete', rotation.purpose, {
          purpose: rotation.purpose,
        }),
        summary: `${rotation.environment}: rotation of ${rotation.purpose} from ${name(rotation.from)} to ${name(rotation.to)} has ${latest?.on_new ?? 0} of ${latest?.of ?? 0} instances since ${rotation.started_at}${laggards ? `; still on the old key: ${laggards}` : ''}`,
        since: Date.parse(rotation.started_at),
        immediate: true,
        notifyChanges: true,
      };
    });
}
