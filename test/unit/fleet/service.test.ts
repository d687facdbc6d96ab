import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFleetService, type InstanceState, type KnownKey } from '../../../lib/fleet';

const NOW = Date.parse('2026-11-22T10:00:00Z');
const sha = (secret: string) =>
  `sha256/16:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
const KEYS: KnownKey[] = [
  {
    keyId: 'staging-primary',
    environment: 'staging',
    fingerprint: sha('right-secret'),
    sha256: sha('right-secret'),
  },
];

function instance(overrides: Partial<InstanceState>): InstanceState {
  return {
    environment: 'staging',
    purpose: 'access-token',
    service: 'backend-rest',
    instance: 'i-1',
    fingerprint: sha('right-secret'),
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

function service(instances: InstanceState[]) {
  const asked: Array<string | undefined> = [];
  const fleet = createFleetService({
    environments: ['staging', 'production'],
    instances: async (environment) => {
      asked.push(environment);
      return instances.filter(
        (state) => environment === undefined || state.environment === environment,
      );
    },
    options: () => ({ now: NOW, staleAfterMs: 90_000, keys: KEYS }),
  });
  return { fleet, asked };
}

describe('the fleet service', () => {
  const drifted = instance({
    service: 'backend-websocket',
    instance: 'ws-1',
    fingerprint: sha('wrong-secret'),
    source: 'env:JWT_SECRET_KEY',
  });

  it('answers a configured environment and refuses any other with one 404 naming the configured ones', () => {
    const { fleet } = service([]);
    expect(fleet.requireEnvironment('staging')).toBe('staging');
    expect(() => fleet.requireEnvironment('qa')).toThrow(
      expect.objectContaining({
        code: 'not_found',
        status: 404,
        message: 'No environment "qa" (configured: staging, production).',
      }),
    );
    expect(() => fleet.requireEnvironment('x'.repeat(200))).toThrow(
      expect.objectContaining({ message: expect.stringContaining(`"${'x'.repeat(64)}"`) }),
    );
  });

  it('reads one environment for its view and consistency, every environment for the overview', async () => {
    const { fleet, asked } = service([
      instance({}),
      drifted,
      instance({ environment: 'production' }),
    ]);
    const view = await fleet.environment('staging');
    expect(view.consistent).toBe(false);
    expect(view.purposes[0].groups).toHaveLength(2);
    const overview = await fleet.overview();
    expect(overview.map((env) => [env.environment, env.consistent])).toEqual([
      ['staging', false],
      ['production', true],
    ]);
    expect(asked).toEqual(['staging', undefined]);
    await expect(fleet.environment('qa')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('gives the gate over every purpose or one', async () => {
    const { fleet } = service([
      instance({}),
      drifted,
      instance({ purpose: 'refresh-token', instance: 'i-2' }),
    ]);
    expect((await fleet.consistency('staging')).consistent).toBe(false);
    expect((await fleet.consistency('staging', 'refresh-token')).consistent).toBe(true);
    expect((await fleet.consistency('staging', 'access-token')).consistent).toBe(false);
  });

  it('names the keyring keys by id and fingerprint only', () => {
    expect(service([]).fleet.keys()).toEqual(KEYS);
  });
});
