import { afterEach, describe, expect, it } from 'vitest';
import type { FingerprintReport } from '../../lib/fleet';
import type { Store } from '../../lib/store';
import { KEYS, LEGACY, PRIMARY, sha } from '../unit/alerts/fixtures';
import { engineFor, freshDataDir, openTestStore } from './harness';

const MIN = 60_000;
const report = (instance: string, secret: string): FingerprintReport => ({
  environment: 'staging',
  service: 'api',
  instance,
  purpose: 'access-token',
  algorithm: 'HS256',
  fingerprint: sha(secret),
  source: 'env:JWT_SECRET',
});

describe('rotation_incomplete from the fingerprint history', () => {
  let store: Store | null = null;
  afterEach(async () => {
    await store?.close();
    store = null;
  });

  it('fires once a rotation has not reached every instance after 10 minutes, and resolves when it converges', async () => {
    store = await openTestStore(freshDataDir());
    const engine = engineFor(store, [], {}, { for: '0s' });
    const now = Date.now();
    const legacyName = KEYS.find((key) => key.sha256 === sha(LEGACY))?.keyId;
    const primaryName = KEYS.find((key) => key.sha256 === sha(PRIMARY))?.keyId;
    await store.fingerprints.record(
      [report('a', LEGACY), report('b', LEGACY), report('c', LEGACY)],
      now - 30 * MIN,
    );
    await store.fingerprints.record([report('a', PRIMARY)], now - 12 * MIN);
    const kinds = async (at: number) =>
      (await engine.conditions(at)).filter((condition) => condition.kind === 'rotation_incomplete');
    expect(await kinds(now - 3 * MIN)).toEqual([]);

    await store.fingerprints.record([report('b', PRIMARY)], now - 11 * MIN);
    const [incomplete, ...more] = await kinds(now);
    expect(more).toEqual([]);
    expect(incomplete).toMatchObject({
      environment: 'staging',
      subject: 'access-token',
      immediate: true,
      since: now - 12 * MIN,
    });
    expect(incomplete!.summary).toBe(
      `staging: rotation of access-token from ${legacyName} to ${primaryName} has 2 of 3 instances since ${new Date(now - 12 * MIN).toISOString()}; still on the old key: api/c`,
    );
    const fired = await engine.evaluate();
    expect(
      fired.transitions.some((t) => t.kind === 'firing' && t.alert.kind === 'rotation_incomplete'),
    ).toBe(true);

    await store.fingerprints.record([report('c', PRIMARY)], now - 1_000);
    expect(await kinds(now)).toEqual([]);
    const resolved = await engine.evaluate();
    expect(
      resolved.transitions.some(
        (t) => t.kind === 'resolved' && t.alert.kind === 'rotation_incomplete',
      ),
    ).toBe(true);
  });
});
