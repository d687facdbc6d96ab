import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  changeView,
  environmentView,
  knownKeys,
  type InstanceState,
  type KnownKey,
} from '../../../lib/fleet';
import { parseConfig } from '../../../lib/config';
import { hmacFingerprint, Keyring, sha256Fingerprint } from '../../../lib/keys';
import type { StoredFingerprintEvent } from '../../../lib/store';

const NOW = Date.parse('2026-11-22T10:00:00Z');
const PEPPER = Buffer.alloc(32, 9);
const sha = (secret: string) =>
  `sha256/16:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
const hmac = (secret: string) =>
  `hmac-sha256/16:${createHmac('sha256', PEPPER).update(secret).digest('hex').slice(0, 16)}`;

const STAGING = 'staging-secret-value-that-is-long-enough';
const FALLBACK = 'the-secret-of-JWT_SECRET_KEY-also-long-enough';
const LEGACY = 'the-secret-of-JWT_SECRET-legacy-long-enough';
const KEYS: KnownKey[] = [
  {
    keyId: 'staging-primary',
    environment: 'staging',
    fingerprint: hmac(STAGING),
    sha256: sha(STAGING),
  },
];
const options = { now: NOW, staleAfterMs: 90_000, keys: KEYS };

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
    length: 40,
    resolution: null,
    last_seen_at: new Date(NOW - 5_000).toISOString(),
    changed_at: new Date(NOW - 60_000).toISOString(),
    ...overrides,
  };
}

// The drifted WebSocket service of the incident: JWT_SECRET_STAGING unset, so it fell back to JWT_SECRET_KEY.
const drifted = instance({
  service: 'backend-websocket',
  instance: 'ws-7f9c',
  fingerprint: sha(FALLBACK),
  source: 'env:JWT_SECRET_KEY',
  resolution: [
    { source: 'env:JWT_SECRET_STAGING', present: false },
    { source: 'env:JWT_SECRET_KEY', present: true, fingerprint: sha(FALLBACK) },
    { source: 'env:JWT_SECRET', present: true, fingerprint: sha(LEGACY) },
  ],
});

const rest = instance({
  resolution: [
    { source: 'env:JWT_SECRET_STAGING', present: true, fingerprint: sha(STAGING) },
    { source: 'env:JWT_SECRET_KEY', present: true, fingerprint: sha(FALLBACK) },
  ],
});

describe('environmentView', () => {
  it('marks the source the service took as picked, and the unset source before it as skipped', () => {
    const view = environmentView('staging', [rest, drifted], options);
    const websocket = view.instances.find((state) => state.service === 'backend-websocket')!;
    expect(websocket.resolution!.map((step) => [step.source, step.present, step.picked])).toEqual([
      ['env:JWT_SECRET_STAGING', false, false],
      ['env:JWT_SECRET_KEY', true, true],
      ['env:JWT_SECRET', true, false],
    ]);
  });

  it('picks only the first present step, even when a later one holds the same secret', () => {
    const view = environmentView('staging', [rest], options);
    expect(view.instances[0].resolution!.map((step) => step.picked)).toEqual([true, false]);
  });

  it('links each chain step to the group holding its secret, by key name where the keyring knows it', () => {
    const view = environmentView('staging', [rest, drifted], options);
    const websocket = view.instances.find((state) => state.service === 'backend-websocket')!;
    const [unset, fallback, legacy] = websocket.resolution!;
    expect(unset).toMatchObject({ key_id: null, fingerprint: null, group_id: null });
    expect(fallback).toMatchObject({
      key_id: null,
      fingerprint: sha(FALLBACK),
      group_id: websocket.group_id,
    });
    // JWT_SECRET is set in the container but nobody resolved it: no group to link to.
    expect(legacy).toMatchObject({ key_id: null, fingerprint: sha(LEGACY), group_id: null });
    const restSteps = view.instances.find((state) => state.service === 'backend-rest')!.resolution!;
    expect(restSteps[0]).toMatchObject({
      key_id: 'staging-primary',
      fingerprint: hmac(STAGING),
      group_id: 'key:staging-primary',
    });
  });

  it('gives every instance the id of a group the environment lists', () => {
    const view = environmentView('staging', [rest, drifted], options);
    const groupIds = view.purposes.flatMap((fleet) => fleet.groups.map((group) => group.id));
    expect(view.instances.map((state) => groupIds.includes(state.group_id))).toEqual([true, true]);
    expect(view.consistent).toBe(false);
    expect(view.purposes[0].status).toBe('mismatch');
  });

  it('gives an instance holding a weak secret the id of its group', () => {
    const weak = instance({
      environment: 'development',
      service: 'auth-service',
      fingerprint: sha('secret'),
      source: 'env:JWT_SECRET',
    });
    const view = environmentView('development', [weak], options);
    expect(view.instances[0].fingerprint).toBe('weak secret — rotate');
    expect(view.instances[0].group_id).toBe(view.purposes[0].groups[0].id);
  });

  it('shows the keyring secret only in its keyed form', () => {
    const view = environmentView('staging', [rest, drifted], options);
    expect(view.instances.find((state) => state.service === 'backend-rest')).toMatchObject({
      key_id: 'staging-primary',
      fingerprint: hmac(STAGING),
      unkeyed: false,
    });
    expect(JSON.stringify(view)).not.toContain(sha(STAGING).slice(10));
  });

  it('keeps only its own environment and marks instances past the stale limit', () => {
    const old = instance({
      service: 'auth-service',
      last_seen_at: new Date(NOW - 100_000).toISOString(),
    });
    const view = environmentView(
      'staging',
      [rest, old, instance({ environment: 'production', service: 'elsewhere' })],
      options,
    );
    expect(view.instances.map((state) => [state.service, state.stale])).toEqual([
      ['backend-rest', false],
      ['auth-service', true],
    ]);
    expect(view.purposes[0].status).toBe('stale');
  });

  it('is empty, with one purpose, for an environment without reports', () => {
    const view = environmentView('development', [rest], options);
    expect(view.instances).toEqual([]);
    expect(view.purposes.map((fleet) => [fleet.purpose, fleet.status])).toEqual([
      ['access-token', 'empty'],
    ]);
    expect(view.consistent).toBe(false);
  });
});

describe('changeView', () => {
  const event: StoredFingerprintEvent = {
    seq: 42,
    at: NOW,
    environment: 'staging',
    purpose: 'access-token',
    service: 'backend-rest',
    instance: 'i-1',
    fingerprint: sha(STAGING),
    previous_fingerprint: sha(FALLBACK),
    source: 'env:JWT_SECRET_STAGING',
    version: '7',
    kind: 'changed',
  };

  it('names the keyring key a change moved to, in its keyed form, and what it moved from', () => {
    expect(changeView(event, KEYS)).toEqual({
      id: '42',
      at: '2026-11-22T10:00:00.000Z',
      environment: 'staging',
      purpose: 'access-token',
      service: 'backend-rest',
      instance: 'i-1',
      kind: 'changed',
      key_id: 'staging-primary',
      fingerprint: hmac(STAGING),
      previous_key_id: null,
      previous_fingerprint: sha(FALLBACK),
      source: 'env:JWT_SECRET_STAGING',
      version: '7',
    });
  });

  it('hides the keyring secret and a weak secret when they are the previous fingerprint', () => {
    const fromKeyring = changeView(
      { ...event, fingerprint: sha(FALLBACK), previous_fingerprint: sha(STAGING) },
      KEYS,
    );
    expect(fromKeyring).toMatchObject({
      previous_key_id: 'staging-primary',
      previous_fingerprint: hmac(STAGING),
    });
    const fromWeak = changeView({ ...event, previous_fingerprint: sha('changeme') }, KEYS);
    expect(fromWeak.previous_fingerprint).toBe('weak secret — rotate');
  });

  it('has no previous fingerprint for a first sighting', () => {
    const view = changeView({ ...event, kind: 'first_seen', previous_fingerprint: null }, KEYS);
    expect(view).toMatchObject({
      kind: 'first_seen',
      previous_key_id: null,
      previous_fingerprint: null,
    });
  });
});

describe('knownKeys', () => {
  it('gives the fleet view both forms of a loaded secret and the keyed one of the pepper', async () => {
    const config = parseConfig(
      {
        environments: ['staging'],
        keys: [
          {
            id: 'staging-primary',
            environment: 'staging',
            from: 'env:JWT_SECRET_STAGING',
            alg: 'HS256',
          },
        ],
      },
      null,
    );
    const keyring = await Keyring.load(config, {
      env: { NODE_ENV: 'test', JWT_SECRET_STAGING: STAGING },
      pepper: { bytes: PEPPER, origin: 'env' },
    });
    const secret = new TextEncoder().encode(STAGING);
    expect(knownKeys(keyring.keys())).toEqual([
      {
        keyId: 'staging-primary',
        environment: 'staging',
        fingerprint: hmacFingerprint(PEPPER, secret),
        sha256: sha256Fingerprint(secret),
      },
    ]);
    expect(hmacFingerprint(PEPPER, secret)).toBe(hmac(STAGING));
  });
});
