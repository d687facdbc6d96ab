import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  buildFleet,
  groupPurpose,
  predictAcceptance,
  type InstanceState,
  type KnownKey,
} from '../../../lib/fleet';

const NOW = Date.parse('2026-11-22T10:00:00Z');
const PEPPER = Buffer.alloc(32, 7);
const sha = (secret: string) =>
  `sha256/16:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
const hmac = (secret: string) =>
  `hmac-sha256/16:${createHmac('sha256', PEPPER).update(secret).digest('hex').slice(0, 16)}`;

const STAGING = 'staging-secret-value-that-is-long-enough';
const OTHER = 'the-secret-of-JWT_SECRET_KEY-also-long-enough';
const KEYS: KnownKey[] = [
  {
    keyId: 'staging-primary',
    environment: 'staging',
    fingerprint: hmac(STAGING),
    sha256: sha(STAGING),
  },
];

function instance(overrides: Partial<InstanceState>): InstanceState {
  return {
    environment: 'staging',
    purpose: 'access-token',
    service: 'backend-rest',
    instance: 'i-1',
    fingerprint: sha(STAGING),
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

const options = { now: NOW, staleAfterMs: 90_000, keys: KEYS };

describe('groupPurpose', () => {
  it('is consistent when every replica resolved the same key, labelled with that key', () => {
    const fleet = groupPurpose(
      'staging',
      'access-token',
      [instance({}), instance({ instance: 'i-2' }), instance({ service: 'auth-service' })],
      options,
    );
    expect(fleet.status).toBe('consistent');
    expect(fleet.groups).toHaveLength(1);
    expect(fleet.groups[0].key_id).toBe('staging-primary');
    expect(fleet.groups[0].members).toHaveLength(3);
  });

  it('reconciles sha256/16 and hmac-sha256/16 of the same keyring secret into one group', () => {
    const fleet = groupPurpose(
      'staging',
      'access-token',
      [instance({}), instance({ service: 'auth-service', fingerprint: hmac(STAGING) })],
      options,
    );
    expect(fleet.consistent).toBe(true);
    expect(fleet.groups[0].fingerprint).toBe(hmac(STAGING));
  });

  it('reports a mismatch when one service resolved another secret, naming its source', () => {
    const fleet = groupPurpose(
      'staging',
      'access-token',
      [
        instance({}),
        instance({
          service: 'backend-websocket',
          fingerprint: sha(OTHER),
          source: 'env:JWT_SECRET_KEY',
        }),
      ],
      options,
    );
    expect(fleet.status).toBe('mismatch');
    expect(fleet.consistent).toBe(false);
    const drifted = fleet.groups.find((group) => group.key_id === null)!;
    expect(drifted.services).toEqual(['backend-websocket']);
    expect(drifted.sources).toEqual(['env:JWT_SECRET_KEY']);
    expect(drifted.unkeyed).toBe(true);
  });

  it('separates replicas of one service that loaded different secret versions', () => {
    const fleet = groupPurpose(
      'production',
      'access-token',
      [
        instance({
          environment: 'production',
          service: 'backend-websocket',
          instance: 'ws-a',
          fingerprint: sha('v5-secret-abcdefghijklmnopqrstuvwxyz'),
          version: '5',
        }),
        instance({
          environment: 'production',
          service: 'backend-websocket',
          instance: 'ws-b',
          fingerprint: sha('v6-secret-abcdefghijklmnopqrstuvwxyz'),
          version: '6',
        }),
      ],
      options,
    );
    expect(fleet.status).toBe('mismatch');
    expect(fleet.groups.map((group) => group.versions)).toEqual([['5'], ['6']]);
  });

  it('is not consistent while an instance is stale, and lists it', () => {
    const fleet = groupPurpose(
      'staging',
      'access-token',
      [
        instance({}),
        instance({ instance: 'i-2', last_seen_at: new Date(NOW - 120_000).toISOString() }),
      ],
      options,
    );
    expect(fleet.status).toBe('stale');
    expect(fleet.consistent).toBe(false);
    expect(fleet.stale.map((member) => member.instance)).toEqual(['i-2']);
  });

  it('is not consistent while a target of the environment is unreachable', () => {
    const unreachable = [
      {
        environment: 'staging',
        service: 'auth-service',
        url: 'http://127.0.0.1:1/x',
        error: 'unreachable',
        since: new Date(NOW).toISOString(),
      },
    ];
    const fleet = groupPurpose('staging', 'access-token', [instance({})], {
      ...options,
      unreachable,
    });
    expect(fleet.status).toBe('stale');
    expect(fleet.unreachable).toHaveLength(1);
  });

  it('calls unmatched sha256 and hmac values "not comparable" rather than a mismatch', () => {
    const fleet = groupPurpose(
      'development',
      'access-token',
      [
        instance({ environment: 'development', fingerprint: sha(OTHER) }),
        instance({
          environment: 'development',
          service: 'auth-service',
          fingerprint: hmac('some-unknown-secret-for-development'),
        }),
      ],
      options,
    );
    expect(fleet.status).toBe('not_comparable');
  });

  it('never shows the unkeyed digest of a well-known weak secret', () => {
    const fleet = groupPurpose(
      'development',
      'access-token',
      [instance({ environment: 'development', fingerprint: sha('secret') })],
      options,
    );
    expect(fleet.groups[0].fingerprint).toBe('weak secret — rotate');
    expect(fleet.groups[0].weak).toMatch(/rotate/);
    expect(JSON.stringify(fleet)).not.toContain(sha('secret').slice(10));
  });

  it('never shows the unkeyed form of a keyring secret', () => {
    const fleet = groupPurpose('staging', 'access-token', [instance({})], options);
    expect(JSON.stringify(fleet)).not.toContain(sha(STAGING).slice(10));
  });
});

describe('buildFleet', () => {
  it('groups each purpose separately and lists configured environments with no reports as empty', () => {
    const fleet = buildFleet(
      ['development', 'staging'],
      [instance({}), instance({ purpose: 'refresh-token', fingerprint: sha(OTHER) })],
      options,
    );
    const staging = fleet.find((environment) => environment.environment === 'staging')!;
    expect(staging.purposes.map((purpose) => [purpose.purpose, purpose.status])).toEqual([
      ['access-token', 'consistent'],
      ['refresh-token', 'consistent'],
    ]);
    expect(
      fleet.find((environment) => environment.environment === 'development')!.purposes[0].status,
    ).toBe('empty');
  });
});

describe('predictAcceptance', () => {
  it('says which services accept a token signed by the staging key and why the others do not', () => {
    const verdicts = predictAcceptance(
      'staging-primary',
      'staging',
      [
        instance({ service: 'auth-service' }),
        instance({
          service: 'backend-websocket',
          fingerprint: sha(OTHER),
          source: 'env:JWT_SECRET_KEY',
        }),
      ],
      KEYS,
    );
    expect(verdicts).toEqual([
      {
        service: 'auth-service',
        accepts: true,
        reason: 'resolves staging-primary (from env:JWT_SECRET_STAGING)',
      },
      {
        service: 'backend-websocket',
        accepts: false,
        reason: 'i-1 resolves a key authscope does not hold (from env:JWT_SECRET_KEY)',
      },
    ]);
  });

  it('names the replicas that reject when only some do', () => {
    const [verdict] = predictAcceptance(
      'staging-primary',
      'staging',
      [
        instance({ service: 'backend-websocket', instance: 'ws-a' }),
        instance({
          service: 'backend-websocket',
          instance: 'ws-b',
          fingerprint: sha(OTHER),
          version: '6',
        }),
      ],
      KEYS,
    );
    expect(verdict.accepts).toBe(false);
    expect(verdict.reason).toMatch(/^1 of 2 instances reject: ws-b/);
  });
});

describe('groupPurpose: edge cases of the grouping rules', () => {
  it('labels one group with the key id when replicas report the sha256 and hmac forms of the keyring secret', () => {
    const fleet = groupPurpose(
      'staging',
      'access-token',
      [
        instance({ service: 'backend-rest', fingerprint: sha(STAGING) }),
        instance({ service: 'backend-websocket', fingerprint: hmac(STAGING) }),
      ],
      options,
    );
    expect(fleet.groups.map((group) => [group.id, group.key_id, group.services])).toEqual([
      ['key:staging-primary', 'staging-primary', ['backend-rest', 'backend-websocket']],
    ]);
    expect(fleet.groups[0].unkeyed).toBe(false);
  });

  it('never calls an environment with a stale member consistent, even when the member agrees', () => {
    const fleet = groupPurpose(
      'staging',
      'access-token',
      [instance({ last_seen_at: new Date(NOW - 90_001).toISOString() })],
      options,
    );
    expect(fleet.groups).toHaveLength(1);
    expect(fleet.status).toBe('stale');
    expect(fleet.consistent).toBe(false);
    expect(fleet.stale.map((member) => member.stale)).toEqual([true]);
  });

  it('still reports a mismatch when the drifted member is also stale', () => {
    const fleet = groupPurpose(
      'staging',
      'access-token',
      [
        instance({}),
        instance({
          service: 'backend-websocket',
          fingerprint: sha(OTHER),
          last_seen_at: new Date(NOW - 600_000).toISOString(),
        }),
      ],
      options,
    );
    expect(fleet.status).toBe('mismatch');
    expect(fleet.stale.map((member) => member.service)).toEqual(['backend-websocket']);
  });

  it('lists an unreachable target of an environment with no reports as stale, not empty', () => {
    const unreachable = [
      {
        environment: 'production',
        service: 'auth-service',
        url: 'http://127.0.0.1:9/debug',
        error: 'unreachable',
        since: new Date(NOW).toISOString(),
      },
    ];
    const fleet = groupPurpose('production', 'access-token', [], { ...options, unreachable });
    expect(fleet.status).toBe('stale');
    expect(fleet.consistent).toBe(false);
    expect(fleet.unreachable).toEqual(unreachable);
  });

  it('ignores unreachable targets of other environments', () => {
    const unreachable = [
      {
        environment: 'production',
        service: 'auth-service',
        url: 'http://127.0.0.1:9/debug',
        error: 'unreachable',
        since: new Date(NOW).toISOString(),
      },
    ];
    const fleet = groupPurpose('staging', 'access-token', [instance({})], {
      ...options,
      unreachable,
    });
    expect(fleet.status).toBe('consistent');
    expect(fleet.unreachable).toEqual([]);
  });

  it('is empty, and not consistent, with no reports and nothing unreachable', () => {
    const fleet = groupPurpose('development', 'access-token', [], options);
    expect(fleet.status).toBe('empty');
    expect(fleet.consistent).toBe(false);
  });

  it('calls an unmatched hmac value beside a keyring-matched one a mismatch: the keyring knows both forms', () => {
    const fleet = groupPurpose(
      'staging',
      'access-token',
      [instance({}), instance({ service: 'backend-websocket', fingerprint: hmac(OTHER) })],
      options,
    );
    expect(fleet.status).toBe('mismatch');
  });

  it('calls two different unkeyed values a mismatch even beside an unmatched hmac value', () => {
    const fleet = groupPurpose(
      'development',
      'access-token',
      [
        instance({ environment: 'development', service: 'auth-service', fingerprint: sha(OTHER) }),
        instance({
          environment: 'development',
          service: 'backend-rest',
          fingerprint: sha('a-third-secret-nobody-configured-anywhere'),
        }),
        instance({
          environment: 'development',
          service: 'backend-websocket',
          fingerprint: hmac('some-unknown-secret-for-development'),
        }),
      ],
      options,
    );
    expect(fleet.status).toBe('mismatch');
  });

  it('lists both versions loaded after a staggered restart, each with its replicas', () => {
    const v5 = sha('v5-secret-abcdefghijklmnopqrstuvwxyz');
    const v6 = sha('v6-secret-abcdefghijklmnopqrstuvwxyz');
    const fleet = groupPurpose(
      'production',
      'access-token',
      [
        instance({
          environment: 'production',
          service: 'backend-websocket',
          instance: 'ws-a',
          fingerprint: v5,
          version: '5',
        }),
        instance({
          environment: 'production',
          service: 'backend-websocket',
          instance: 'ws-b',
          fingerprint: v6,
          version: '6',
        }),
        instance({
          environment: 'production',
          service: 'backend-websocket',
          instance: 'ws-c',
          fingerprint: v6,
          version: '6',
        }),
      ],
      options,
    );
    expect(fleet.status).toBe('mismatch');
    expect(
      fleet.groups.map((group) => [
        group.fingerprint,
        group.versions,
        group.members.map((member) => member.instance),
      ]),
    ).toEqual([
      [v6, ['6'], ['ws-b', 'ws-c']],
      [v5, ['5'], ['ws-a']],
    ]);
  });

  it('groups only the instances it is given: another purpose is not a mismatch', () => {
    const fleet = buildFleet(
      ['staging'],
      [
        instance({ purpose: 'access-token' }),
        instance({ purpose: 'refresh-token', service: 'auth-service', fingerprint: sha(OTHER) }),
        instance({
          purpose: 'refresh-token',
          service: 'backend-rest',
          fingerprint: sha('refresh-secret-b-long-enough-to-not-be-weak'),
        }),
      ],
      options,
    )[0];
    expect(statuses(fleet.purposes)).toEqual([
      ['access-token', 'consistent'],
      ['refresh-token', 'mismatch'],
    ]);
    expect(fleet.consistent).toBe(false);
  });

  it.each([['secret'], ['your-256-bit-secret'], ['changeme'], ['']])(
    'shows the sha256 of the weak secret %j as "weak secret — rotate", never as the value',
    (secret) => {
      const fleet = groupPurpose(
        'development',
        'access-token',
        [instance({ environment: 'development', fingerprint: sha(secret) })],
        options,
      );
      const [group] = fleet.groups;
      expect(group.fingerprint).toBe('weak secret — rotate');
      expect(group.id).not.toContain(sha(secret).slice(10));
      expect(JSON.stringify(fleet)).not.toContain(sha(secret).slice(10));
    },
  );
});

function statuses(purposes: Array<{ purpose: string; status: string }>): string[][] {
  return purposes.map((purpose) => [purpose.purpose, purpose.status]);
}
