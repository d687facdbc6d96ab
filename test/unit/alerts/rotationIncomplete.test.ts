import { describe, expect, it } from 'vitest';
import { rotationIncompleteConditions } from '../../../lib/alerts';
import type { Rotation } from '../../../lib/rotations';

const NOW = Date.parse('2026-11-20T10:00:00Z');
const MIN = 60_000;
const rotation = (status: Rotation['status'], startedMinutesAgo: number): Rotation => ({
  environment: 'staging',
  purpose: 'access-token',
  status,
  from: { fingerprint: 'f1', key: 'staging-primary', version: '3' },
  to: { fingerprint: 'f2', key: null, version: '4' },
  started_at: new Date(NOW - startedMinutesAgo * MIN).toISOString(),
  first_instance: { service: 'api', instance: 'a' },
  progress: [{ at: new Date(NOW - startedMinutesAgo * MIN).toISOString(), on_new: 1, of: 3 }],
  laggards: [
    { service: 'api', instance: 'b', since: '2026-11-20T08:00:00.000Z', version: '3', chain: null },
    { service: 'api', instance: 'c', since: '2026-11-20T08:00:00.000Z', version: '3', chain: null },
  ],
  ended_at: null,
  converge_ms: null,
});

describe('rotation_incomplete', () => {
  it.each([
    ['in progress for 9 minutes', rotation('in_progress', 9), 0],
    ['in progress for 10 minutes', rotation('in_progress', 10), 1],
    ['two keys for good', rotation('two_keys', 3000), 1],
    [
      'completed long ago',
      { ...rotation('completed', 60), ended_at: new Date(NOW - 30 * MIN).toISOString() },
      0,
    ],
    ['rolled back', rotation('rolled_back', 60), 0],
  ] as const)('%s → %i condition(s)', (_name, input, count) => {
    expect(rotationIncompleteConditions([input], 10 * MIN, NOW)).toHaveLength(count);
  });

  it('names the keys, n of m and the laggards, keyed by environment and purpose', () => {
    const [condition] = rotationIncompleteConditions([rotation('in_progress', 12)], 10 * MIN, NOW);
    expect(condition).toMatchObject({
      key: 'staging/rotation_incomplete/access-token',
      kind: 'rotation_incomplete',
      labels: { environment: 'staging', purpose: 'access-token' },
      immediate: true,
    });
    expect(condition!.summary).toBe(
      'staging: rotation of access-token from staging-primary to version 4 has 1 of 3 instances since 2026-11-20T09:48:00.000Z; still on the old key: api/b and api/c',
    );
  });
});
