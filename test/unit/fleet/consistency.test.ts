import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  consistencyOf,
  groupPurpose,
  type InstanceState,
  type PurposeFleet,
} from '../../../lib/fleet';

const NOW = Date.parse('2026-11-22T10:00:00Z');
const sha = (secret: string) =>
  `sha256/16:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
const options = { now: NOW, staleAfterMs: 90_000, keys: [] };

function instance(overrides: Partial<InstanceState>): InstanceState {
  return {
    environment: 'staging',
    purpose: 'access-token',
    service: 'backend-rest',
    instance: 'i-1',
    fingerprint: sha('access-secret-long-enough-for-the-test'),
    algorithm: 'HS256',
    source: 'env:JWT_SECRET_STAGING',
    version: null,
    length: null,
    resolution: null,
    last_seen_at: new Date(NOW - 5_000).toISOString(),
    changed_at: new Date(NOW - 60_000).toISOString(),
    ...overrides,
  };
}

const consistent = groupPurpose(
  'staging',
  'access-token',
  [instance({}), instance({ service: 'auth-service' })],
  options,
);
const mismatch = groupPurpose(
  'staging',
  'refresh-token',
  [
    instance({ purpose: 'refresh-token', fingerprint: sha('refresh-secret-one-long-enough') }),
    instance({
      purpose: 'refresh-token',
      service: 'auth-service',
      fingerprint: sha('refresh-secret-two-long-enough'),
    }),
  ],
  options,
);
const stale = groupPurpose(
  'staging',
  'id-token',
  [instance({ purpose: 'id-token', last_seen_at: new Date(NOW - 200_000).toISOString() })],
  options,
);
const empty = groupPurpose('staging', 'access-token', [], options);

describe('consistencyOf', () => {
  it('is consistent when every purpose is', () => {
    const result = consistencyOf('staging', [consistent]);
    expect(result).toMatchObject({
      environment: 'staging',
      consistent: true,
      status: 'consistent',
      purposes: [{ purpose: 'access-token', status: 'consistent' }],
    });
    expect(result.groups).toHaveLength(1);
  });

  it('takes the worst status of its purposes and lists the groups of all of them', () => {
    const result = consistencyOf('staging', [consistent, mismatch, stale]);
    expect(result.consistent).toBe(false);
    expect(result.status).toBe('mismatch');
    expect(result.groups).toHaveLength(4);
    expect(result.purposes).toEqual([
      { purpose: 'access-token', status: 'consistent' },
      { purpose: 'refresh-token', status: 'mismatch' },
      { purpose: 'id-token', status: 'stale' },
    ]);
  });

  it('is not consistent while one purpose has a stale member, and lists it', () => {
    const result = consistencyOf('staging', [consistent, stale]);
    expect(result).toMatchObject({ consistent: false, status: 'stale' });
    expect(result.stale.map((member) => member.service)).toEqual(['backend-rest']);
  });

  it.each<[string, PurposeFleet[]]>([
    ['no purposes at all', []],
    ['a purpose with no reports', [empty]],
  ])(
    'is not consistent, status empty, with %s: nothing vouches for the environment',
    (_label, purposes) => {
      const result = consistencyOf('staging', purposes);
      expect(result.consistent).toBe(false);
      expect(result.status).toBe('empty');
      expect(result.groups).toEqual([]);
    },
  );

  it('lists the unreachable targets that make it stale', () => {
    const unreachable = [
      {
        environment: 'staging',
        service: 'auth-service',
        url: 'http://127.0.0.1:9/debug',
        error: 'unreachable',
        since: new Date(NOW).toISOString(),
      },
    ];
    const result = consistencyOf('staging', [
      groupPurpose('staging', 'access-token', [instance({})], { ...options, unreachable }),
    ]);
    expect(result).toMatchObject({ consistent: false, status: 'stale', unreachable });
  });
});
