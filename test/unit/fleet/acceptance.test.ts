import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { predictAcceptance, type InstanceState, type KnownKey } from '../../../lib/fleet';

const NOW = Date.parse('2026-11-22T10:00:00Z');
const PEPPER = Buffer.alloc(32, 5);
const sha = (secret: string) =>
  `sha256/16:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
const hmac = (secret: string) =>
  `hmac-sha256/16:${createHmac('sha256', PEPPER).update(secret).digest('hex').slice(0, 16)}`;

const PRIMARY = 'staging-primary-secret-long-enough-1234';
const NEXT = 'staging-next-secret-long-enough-567890';
const KEYS: KnownKey[] = [
  {
    keyId: 'staging-primary',
    environment: 'staging',
    fingerprint: hmac(PRIMARY),
    sha256: sha(PRIMARY),
  },
  { keyId: 'staging-next', environment: 'staging', fingerprint: hmac(NEXT), sha256: sha(NEXT) },
];

function instance(overrides: Partial<InstanceState>): InstanceState {
  return {
    environment: 'staging',
    purpose: 'access-token',
    service: 'backend-websocket',
    instance: 'ws-a',
    fingerprint: sha(PRIMARY),
    algorithm: 'HS256',
    source: 'env:JWT_SECRET_STAGING',
    version: null,
    length: null,
    resolution: null,
    last_seen_at: new Date(NOW).toISOString(),
    changed_at: new Date(NOW).toISOString(),
    ...overrides,
  };
}

describe('predictAcceptance', () => {
  it('accepts when every instance resolves the signer, whichever form it reports', () => {
    const verdicts = predictAcceptance(
      'staging-primary',
      'staging',
      [
        instance({ instance: 'ws-a', version: '4', source: 'vault:secret/jwt' }),
        instance({
          instance: 'ws-b',
          fingerprint: hmac(PRIMARY),
          version: '4',
          source: 'vault:secret/jwt',
        }),
      ],
      KEYS,
    );
    expect(verdicts).toEqual([
      {
        service: 'backend-websocket',
        accepts: true,
        reason: 'resolves staging-primary (from vault:secret/jwt v4)',
      },
    ]);
  });

  it('rejects when only some replicas resolve the signer, counting them', () => {
    const [verdict] = predictAcceptance(
      'staging-primary',
      'staging',
      [
        instance({ instance: 'ws-a', version: '4' }),
        instance({ instance: 'ws-b', fingerprint: sha(NEXT), version: '5' }),
      ],
      KEYS,
    );
    expect(verdict.accepts).toBe(false);
    expect(verdict.reason).toBe(
      '1 of 2 instances reject: ws-b resolves staging-next (from env:JWT_SECRET_STAGING v5)',
    );
  });

  it('rejects without a count when no replica resolves the signer', () => {
    const [verdict] = predictAcceptance(
      'staging-primary',
      'staging',
      [
        instance({ instance: 'ws-a', fingerprint: sha(NEXT) }),
        instance({ instance: 'ws-b', fingerprint: sha(NEXT) }),
      ],
      KEYS,
    );
    expect(verdict.accepts).toBe(false);
    expect(verdict.reason).not.toMatch(/of 2/);
    expect(verdict.reason).toContain('ws-a resolves staging-next');
    expect(verdict.reason).toContain('ws-b resolves staging-next');
  });

  it('rejects everywhere when no configured key verifies the token', () => {
    const verdicts = predictAcceptance(
      null,
      'staging',
      [instance({}), instance({ service: 'auth-service' })],
      KEYS,
    );
    expect(verdicts.map((verdict) => [verdict.service, verdict.accepts])).toEqual([
      ['auth-service', false],
      ['backend-websocket', false],
    ]);
    expect(verdicts[0].reason).toMatch(/no configured key/);
  });

  it('lists only the services of the chosen environment', () => {
    const verdicts = predictAcceptance(
      'staging-primary',
      'staging',
      [instance({}), instance({ environment: 'production', service: 'billing' })],
      KEYS,
    );
    expect(verdicts.map((verdict) => verdict.service)).toEqual(['backend-websocket']);
  });
});
