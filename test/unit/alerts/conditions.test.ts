import { describe, expect, it } from 'vitest';
import {
  failureSpikeConditions,
  fleetMismatchConditions,
  instanceStaleConditions,
  probeFailingConditions,
  sumByCause,
  type ProbeResult,
} from '../../../lib/alerts';
import { buildFleet, type InstanceState } from '../../../lib/fleet';
import { instance, KEYS, NOW, sha, STAGING_MISMATCH } from './fixtures';

const fleetOf = (instances: InstanceState[]) =>
  buildFleet(['development', 'staging'], instances, { now: NOW, staleAfterMs: 90_000, keys: KEYS });
const minutesAgo = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();

describe('fleet_mismatch', () => {
  it('names the services, the keys and the chain step of the odd one out', () => {
    const [condition, ...rest] = fleetMismatchConditions(fleetOf(STAGING_MISMATCH));
    expect(rest).toEqual([]);
    expect(condition).toMatchObject({
      key: 'staging/fleet_mismatch/access-token',
      kind: 'fleet_mismatch',
      environment: 'staging',
      labels: { environment: 'staging', purpose: 'access-token' },
      summary:
        'staging: backend-websocket resolves staging-legacy from env:JWT_SECRET_KEY; auth-service and backend-rest resolve staging-primary',
    });
  });

  it.each([
    ['a consistent environment', STAGING_MISMATCH.slice(0, 2)],
    ['an empty fleet', []],
    [
      'one group with a stale member (that is instance_stale)',
      [instance({ last_seen_at: minutesAgo(10) }), instance({ service: 'backend-rest' })],
    ],
  ])('raises nothing for %s', (_name, instances) => {
    expect(fleetMismatchConditions(fleetOf(instances))).toEqual([]);
  });

  it('keeps one key per purpose, so two purposes are two alerts', () => {
    const refresh = STAGING_MISMATCH.map((state) => ({ ...state, purpose: 'refresh-token' }));
    const keys = fleetMismatchConditions(fleetOf([...STAGING_MISMATCH, ...refresh])).map(
      (condition) => condition.key,
    );
    expect(keys).toEqual([
      'staging/fleet_mismatch/access-token',
      'staging/fleet_mismatch/refresh-token',
    ]);
  });

  it('describes a secret the keyring does not know by its fingerprint', () => {
    const [condition] = fleetMismatchConditions(
      fleetOf([
        instance({}),
        instance({
          service: 'backend-rest',
          fingerprint: sha('unknown-secret-long-enough-0000000'),
          source: 'env:OTHER',
        }),
      ]),
    );
    expect(condition!.summary).toMatch(
      /^staging: backend-rest resolves unknown key sha256\/16:[0-9a-f]{16} from env:OTHER; auth-service resolves staging-primary$/,
    );
  });
});

describe('instance_stale', () => {
  it.each([
    { name: 'fresh instances', instances: [instance({})], expected: [] as string[] },
    {
      name: 'one stale instance',
      instances: [instance({}), instance({ instance: 'auth-2', last_seen_at: minutesAgo(5) })],
      expected: ['staging: auth-service/auth-2 stopped reporting'],
    },
    {
      name: 'two stale instances in one alert',
      instances: [
        instance({ instance: 'auth-2', last_seen_at: minutesAgo(5) }),
        instance({ service: 'backend-rest', instance: 'rest-1', last_seen_at: minutesAgo(3) }),
      ],
      expected: ['staging: auth-service/auth-2 and backend-rest/rest-1 stopped reporting'],
    },
  ])('$name', ({ instances, expected }) => {
    const summaries = instanceStaleConditions(fleetOf(instances)).map((condition) =>
      condition.summary.replace(/ \(.*$/, ''),
    );
    expect(summaries).toEqual(expected);
  });

  it('keys the alert by environment and purpose, never by instance (stable as members change)', () => {
    const [condition] = instanceStaleConditions(
      fleetOf([instance({ last_seen_at: minutesAgo(5) })]),
    );
    expect(condition).toMatchObject({
      key: 'staging/instance_stale/access-token',
      labels: { environment: 'staging', purpose: 'access-token' },
    });
  });
});

describe('failure_spike', () => {
  it.each([
    { count: 49, fires: false },
    { count: 50, fires: true },
    { count: 500, fires: true },
  ])(
    '$count secret_mismatch failures against a threshold of 50: fires=$fires',
    ({ count, fires }) => {
      const conditions = failureSpikeConditions(
        [{ environment: 'staging', cause: 'secret_mismatch', count }],
        50,
        300_000,
      );
      expect(conditions.length === 1).toBe(fires);
      if (fires)
        expect(conditions[0]).toMatchObject({
          key: 'staging/failure_spike/secret_mismatch',
          summary: `staging: ${count} secret_mismatch failures in the last 5 min (threshold 50)`,
        });
    },
  );

  it('counts each cause on its own: two causes under the threshold do not add up', () => {
    const counts = sumByCause('staging', [
      { counts: { expired: 30, secret_mismatch: 20 } },
      { counts: { expired: 25 } },
    ]);
    expect(counts).toEqual([
      { environment: 'staging', cause: 'expired', count: 55 },
      { environment: 'staging', cause: 'secret_mismatch', count: 20 },
    ]);
    expect(
      failureSpikeConditions(counts, 50, 300_000).map((condition) => condition.subject),
    ).toEqual(['expired']);
  });
});

describe('probe_failing', () => {
  const run = (ok: boolean, minute: number, overrides: Partial<ProbeResult> = {}): ProbeResult => ({
    environment: 'staging',
    probe: 'login-ws',
    target: 'backend-websocket',
    way: 'protocol',
    ok,
    at: NOW + minute * 60_000,
    ...overrides,
  });

  it.each([
    {
      name: 'three failures in a row',
      results: [run(true, 0), run(false, 1), run(false, 2), run(false, 3)],
      fires: true,
    },
    { name: 'two failures in a row', results: [run(false, 1), run(false, 2)], fires: false },
    {
      name: 'a success among the latest three',
      results: [run(false, 1), run(true, 2), run(false, 3)],
      fires: false,
    },
    {
      name: 'a success after three failures',
      results: [run(false, 1), run(false, 2), run(false, 3), run(true, 4)],
      fires: false,
    },
    {
      name: 'failures given out of order',
      results: [run(false, 3), run(true, 0), run(false, 1), run(false, 2)],
      fires: true,
    },
  ])('$name → fires=$fires', ({ results, fires }) => {
    expect(probeFailingConditions(results, 3).length).toBe(fires ? 1 : 0);
  });

  it('keeps each target and way apart, and names them', () => {
    const results = [1, 2, 3].flatMap((minute) => [
      run(false, minute),
      run(minute !== 2, minute, { way: 'header' }),
    ]);
    const conditions = probeFailingConditions(results, 3);
    expect(conditions).toHaveLength(1);
    expect(conditions[0]).toMatchObject({
      key: 'staging/probe_failing/login-ws:backend-websocket:protocol',
      labels: {
        environment: 'staging',
        probe: 'login-ws',
        target: 'backend-websocket',
        way: 'protocol',
      },
      summary:
        'staging: probe login-ws against backend-websocket (protocol) failed 3 runs in a row',
      since: NOW + 60_000,
    });
  });
});
