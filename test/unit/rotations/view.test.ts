import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { InstanceState, KnownKey } from '../../../lib/fleet';
import { environmentRotations } from '../../../lib/rotations';
import type { StoredFingerprintEvent } from '../../../lib/store/fingerprintStore';

const T0 = Date.parse('2026-11-20T09:00:00Z');
const sha = (secret: string) =>
  `sha256/16:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
const WEAK = sha('secret');
const STRONG_SECRET = 'staging-next-secret-long-enough-567890';
const KEYS: KnownKey[] = [
  {
    keyId: 'staging-next',
    environment: 'staging',
    fingerprint: 'hmac-sha256/16:0000000000000009',
    sha256: sha(STRONG_SECRET),
  },
];

let seq = 0;
const event = (instance: string, fingerprint: string, minutes: number): StoredFingerprintEvent => ({
  seq: ++seq,
  at: T0 + minutes * 60_000,
  environment: 'staging',
  purpose: 'access-token',
  service: 'api',
  instance,
  fingerprint,
  previous_fingerprint: null,
  source: 'env:JWT_SECRET',
  version: null,
  kind: 'changed',
});

describe('environmentRotations', () => {
  it('names keyring keys and never shows the unkeyed digest of a weak secret, in keys or laggard chains', () => {
    const laggard: InstanceState = {
      environment: 'staging',
      purpose: 'access-token',
      service: 'api',
      instance: 'b',
      fingerprint: WEAK,
      algorithm: 'HS256',
      source: 'env:JWT_SECRET',
      version: null,
      length: null,
      resolution: [{ source: 'env:JWT_SECRET', present: true, fingerprint: WEAK }],
      last_seen_at: new Date(T0).toISOString(),
      changed_at: new Date(T0).toISOString(),
    };
    const rotations = environmentRotations(
      [event('a', WEAK, 0), event('b', WEAK, 0), event('a', sha(STRONG_SECRET), 5)],
      [laggard],
      KEYS,
      T0 + 10 * 60_000,
    );
    expect(rotations).toHaveLength(1);
    const [rotation] = rotations;
    expect(rotation!.to).toMatchObject({
      key: 'staging-next',
      fingerprint: 'hmac-sha256/16:0000000000000009',
    });
    expect(rotation!.from!.fingerprint).toBe('weak secret — rotate');
    expect(rotation!.from!.key).toBeNull();
    expect(JSON.stringify(rotations)).not.toContain(WEAK.slice('sha256/16:'.length));
    expect(rotation!.laggards[0]!.chain).toEqual([
      { source: 'env:JWT_SECRET', present: true, fingerprint: rotation!.from!.fingerprint },
    ]);
  });
});
