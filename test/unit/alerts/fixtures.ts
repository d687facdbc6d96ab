import { createHash } from 'node:crypto';
import type { InstanceState, KnownKey } from '../../../lib/fleet';

export const NOW = Date.parse('2026-11-22T10:00:00Z');
export const sha = (secret: string) =>
  `sha256/16:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
export const PRIMARY = 'staging-primary-secret-long-enough-1234';
export const LEGACY = 'staging-legacy-secret-long-enough-5678';
export const KEYS: KnownKey[] = [
  {
    keyId: 'staging-primary',
    environment: 'staging',
    fingerprint: 'hmac-sha256/16:0000000000000001',
    sha256: sha(PRIMARY),
  },
  {
    keyId: 'staging-legacy',
    environment: 'staging',
    fingerprint: 'hmac-sha256/16:0000000000000002',
    sha256: sha(LEGACY),
  },
];

export function instance(overrides: Partial<InstanceState>): InstanceState {
  return {
    environment: 'staging',
    purpose: 'access-token',
    service: 'auth-service',
    instance: 'auth-1',
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

/** The first incident: the WebSocket service skipped the unset variable. */
export const STAGING_MISMATCH: InstanceState[] = [
  instance({ service: 'auth-service', instance: 'auth-1' }),
  instance({ service: 'backend-rest', instance: 'rest-1' }),
  instance({
    service: 'backend-websocket',
    instance: 'ws-1',
    fingerprint: sha(LEGACY),
    source: 'env:JWT_SECRET_KEY',
  }),
];
