import { describe, expect, it } from 'vitest';
import { trackRotations, type KeyChange, type RotationStatus } from '../../../lib/rotations';

const T0 = Date.parse('2026-11-20T09:00:00Z');
const MIN = 60_000;
const OLD = 'hmac-sha256/16:aaaaaaaaaaaaaaaa';
const NEW = 'hmac-sha256/16:bbbbbbbbbbbbbbbb';
const NAMES: Record<string, string> = { [OLD]: 'staging-primary', [NEW]: 'staging-next' };

/** [minutes after T0, instance, fingerprint, version] */
type Row = [number, string, string, string | null];
const changes = (rows: Row[]): KeyChange[] =>
  rows.map(([minutes, instance, fingerprint, version]) => ({
    at: T0 + minutes * MIN,
    environment: 'staging',
    purpose: 'access-token',
    service: 'api',
    instance,
    fingerprint,
    version,
  }));
const BOOT: Row[] = [
  [0, 'a', OLD, '3'],
  [0, 'b', OLD, '3'],
  [0, 'c', OLD, '3'],
];

interface Case {
  name: string;
  rows: Row[];
  now: number;
  status: RotationStatus[];
  progress?: [number, number][];
  laggards?: string[];
  converge_ms?: number | null;
}

const CASES: Case[] = [
  { name: 'no rotation while every instance keeps its first key', rows: BOOT, now: 60, status: [] },
  {
    name: 'in progress: 2 of 3 moved, the laggard named',
    now: 30,
    status: ['in_progress'],
    rows: [...BOOT, [10, 'a', NEW, '4'], [12, 'b', NEW, '4']],
    progress: [
      [1, 3],
      [2, 3],
    ],
    laggards: ['c'],
  },
  {
    name: 'completed with its time to converge',
    now: 60,
    status: ['completed'],
    rows: [...BOOT, [10, 'a', NEW, '4'], [12, 'b', NEW, '4'], [25, 'c', NEW, '4']],
    progress: [
      [1, 3],
      [2, 3],
      [3, 3],
    ],
    laggards: [],
    converge_ms: 15 * MIN,
  },
  {
    name: 'rolled back when no instance holds the new key any more',
    now: 60,
    status: ['rolled_back'],
    rows: [...BOOT, [10, 'a', NEW, '4'], [14, 'a', OLD, '3']],
    progress: [
      [1, 3],
      [0, 3],
    ],
    converge_ms: null,
  },
  {
    name: 'two keys for good: stopped moving for a day with both held',
    now: 26 * 60,
    status: ['two_keys'],
    rows: [...BOOT, [10, 'a', NEW, '4'], [11, 'b', NEW, '4']],
    progress: [
      [1, 3],
      [2, 3],
    ],
    laggards: ['c'],
  },
  {
    name: 'an instance that joins on the old key during the rotation counts as a laggard',
    now: 30,
    status: ['in_progress'],
    rows: [...BOOT, [10, 'a', NEW, '4'], [11, 'd', OLD, '3']],
    progress: [
      [1, 3],
      [1, 4],
    ],
    laggards: ['b', 'c', 'd'],
  },
  {
    name: 'a second new key supersedes the open rotation',
    now: 40,
    status: ['in_progress', 'superseded'],
    rows: [...BOOT, [10, 'a', NEW, '4'], [20, 'b', 'hmac-sha256/16:cccccccccccccccc', '5']],
  },
];

describe('trackRotations', () => {
  it.each(CASES)('$name', (test) => {
    const rotations = trackRotations(changes(test.rows), {
      now: T0 + test.now * MIN,
      keyName: (fp) => NAMES[fp] ?? null,
    });
    expect(rotations.map((r) => r.status)).toEqual(test.status);
    const last = rotations.at(-1);
    if (!last) return;
    if (test.progress) expect(last.progress.map((p) => [p.on_new, p.of])).toEqual(test.progress);
    if (test.laggards) expect(last.laggards.map((l) => l.instance)).toEqual(test.laggards);
    if (test.converge_ms !== undefined) expect(last.converge_ms).toBe(test.converge_ms);
  });

  it('names the keys by keyring key and version, and the first instance and laggard details', () => {
    const [rotation] = trackRotations(changes([...BOOT, [10, 'b', NEW, '4']]), {
      now: T0 + 20 * MIN,
      keyName: (fp) => NAMES[fp] ?? null,
      chain: (_service, instance) =>
        instance === 'a' ? ([{ kind: 'env', name: 'JWT_SECRET' }] as never) : null,
    });
    expect(rotation!.from).toEqual({ fingerprint: OLD, key: 'staging-primary', version: '3' });
    expect(rotation!.to).toEqual({ fingerprint: NEW, key: 'staging-next', version: '4' });
    expect(rotation!.started_at).toBe('2026-11-20T09:10:00.000Z');
    expect(rotation!.first_instance).toEqual({ service: 'api', instance: 'b' });
    expect(rotation!.laggards[0]).toEqual({
      service: 'api',
      instance: 'a',
      since: '2026-11-20T09:00:00.000Z',
      version: '3',
      chain: [{ kind: 'env', name: 'JWT_SECRET' }],
    });
  });

  it('tracks each environment and purpose on its own', () => {
    const rows = changes([...BOOT, [10, 'a', NEW, '4']]);
    const other = rows.map((c) => ({ ...c, purpose: 'refresh-token' })).slice(0, 3);
    const rotations = trackRotations([...rows, ...other], { now: T0 + 20 * MIN });
    expect(rotations.map((r) => `${r.purpose}:${r.status}`)).toEqual(['access-token:in_progress']);
  });
});
