import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { hmacFingerprint } from '../../lib/keys/fingerprint';
import { specFixture } from './fixtures';
import { postJson } from './server';

/**
 * The two incidents authscope exists for (README, first paragraph), replayed through the public API with
 * timestamps in the past, and the facts a reviewer must find in the incident view afterwards.
 *
 * 1. backend-websocket's fallback chain picked JWT_SECRET_KEY (staging-legacy) while tokens were
 *    signed with JWT_SECRET_STAGING (staging-primary).
 * 2. After a rotation to v5 in the secret manager, ws-2 never restarted and kept v4: the user it
 *    served failed while the user on ws-1 passed, and the payload (373 chars, 2 dots, no
 *    Sec-WebSocket-Protocol) pointed people the wrong way first.
 */
export interface IncidentScenario {
  env: Record<string, string>;
  ingest: { authorization: string };
  /** Every secret and token used: none may appear in what authscope shows. */
  secrets: string[];
  tokens: string[];
  first: IncidentFacts;
  second: IncidentFacts;
  /** What the simulated services hold: the fingerprint pepper and the secrets, by role. */
  material: {
    pepper: Buffer;
    secrets: Record<'primary' | 'legacy' | 'v4' | 'v5', string>;
    t1: number;
    t2: number;
  };
}

export interface IncidentFacts {
  environment: string;
  from: number;
  to: number;
  total: number;
  firstFailureAt: number;
  lastFailureAt: number;
  counts: Record<string, number>;
  mismatchDetail: string;
  matrix: {
    signed_by: string;
    service: string;
    resolved_key: string;
    resolved_source: string;
    count: number;
  };
  /** What the Markdown timeline must say of the fingerprint change(s) in the window. */
  changes: string[];
  users: string[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export function incidentScenario(now = Date.now()): IncidentScenario {
  const pepper = randomBytes(32);
  const secret = (label: string) => `${label}-${randomBytes(24).toString('hex')}`;
  const secrets = {
    primary: secret('primary'),
    legacy: secret('legacy'),
    v4: secret('sm-v4'),
    v5: secret('sm-v5'),
  };
  const ingestKey = `ingest-${randomBytes(16).toString('hex')}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'authscope-incidents-'));
  const configFile = path.join(dir, 'authscope.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      environments: ['development', 'staging', 'production'],
      keys: [
        {
          id: 'staging-primary',
          environment: 'staging',
          from: 'env:JWT_SECRET_STAGING',
          alg: 'HS256',
        },
        { id: 'staging-legacy', environment: 'staging', from: 'env:JWT_SECRET_KEY', alg: 'HS256' },
        { id: 'staging-jwt-v4', environment: 'staging', from: 'env:STAGING_JWT_V4', alg: 'HS256' },
        { id: 'staging-jwt-v5', environment: 'staging', from: 'env:STAGING_JWT_V5', alg: 'HS256' },
      ],
    }),
  );
  // Minutes-aligned, well in the past: two days ago and one day ago.
  const t1 = Math.floor((now - 2 * 24 * HOUR) / MINUTE) * MINUTE;
  const t2 = Math.floor((now - 24 * HOUR) / MINUTE) * MINUTE;
  return {
    env: {
      AUTHSCOPE_CONFIG: configFile,
      AUTHSCOPE_FINGERPRINT_KEY: pepper.toString('base64url'),
      AUTHSCOPE_INGEST_KEYS: ingestKey,
      JWT_SECRET_STAGING: secrets.primary,
      JWT_SECRET_KEY: secrets.legacy,
      STAGING_JWT_V4: secrets.v4,
      STAGING_JWT_V5: secrets.v5,
    },
    ingest: { authorization: `Bearer ${ingestKey}` },
    secrets: Object.values(secrets),
    tokens: [],
    first: {
      environment: 'staging',
      from: t1 - 10 * MINUTE,
      to: t1 + 20 * MINUTE,
      total: 15,
      firstFailureAt: t1 + 90_000,
      lastFailureAt: t1 + 90_000 + 14 * 30_000,
      counts: { secret_mismatch: 12, missing_token: 2, not_a_jwt: 1 },
      mismatchDetail:
        'tokens signed by staging-primary, backend-websocket/ws-7f9c resolves staging-legacy from env:JWT_SECRET_KEY',
      matrix: {
        signed_by: 'staging-primary',
        service: 'backend-websocket',
        resolved_key: 'staging-legacy',
        resolved_source: 'env:JWT_SECRET_KEY',
        count: 12,
      },
      changes: [
        'backend-websocket/ws-7f9c changed staging-primary → staging-legacy from env:JWT_SECRET_KEY',
      ],
      users: ['staging-e2e-user-001', 'staging-e2e-user-002'],
    },
    second: {
      environment: 'staging',
      from: t2 - 10 * MINUTE,
      to: t2 + 20 * MINUTE,
      total: 8,
      firstFailureAt: t2,
      lastFailureAt: t2 + 7 * MINUTE,
      counts: { secret_mismatch: 8 },
      mismatchDetail:
        'tokens signed by staging-jwt-v5, backend-websocket/ws-2 resolves staging-jwt-v4 from aws-sm:staging/jwt v4',
      matrix: {
        signed_by: 'staging-jwt-v5',
        service: 'backend-websocket',
        resolved_key: 'staging-jwt-v4',
        resolved_source: 'aws-sm:staging/jwt',
        count: 8,
      },
      changes: [
        'auth-service/auth-1 changed staging-jwt-v4 → staging-jwt-v5 from aws-sm:staging/jwt v5',
        'backend-websocket/ws-1 changed staging-jwt-v4 → staging-jwt-v5 from aws-sm:staging/jwt v5',
      ],
      users: ['staging-e2e-user-002'],
    },
    material: { pepper, secrets, t1, t2 },
  };
}

/**
 * Posts both incidents, in time order, as the services would have: fingerprint reports (with
 * `reported_at` in the past), then each incident's failures (with `occurred_at` in the past).
 */
export async function replayIncidents(baseUrl: string, scenario: IncidentScenario): Promise<void> {
  const { pepper, secrets, t1, t2 } = scenario.material;
  const fingerprint = (value: string) => hmacFingerprint(pepper, new TextEncoder().encode(value));
  const iso = (ms: number) => new Date(ms).toISOString();
  const report = (
    service: string,
    instance: string,
    value: string,
    source: string,
    at: number,
    version?: string,
  ) => ({
    environment: 'staging',
    service,
    instance,
    algorithm: 'HS256',
    fingerprint: fingerprint(value),
    source,
    version,
    reported_at: iso(at),
  });
  const sign = async (value: string, user: string, at: number) => {
    const iat = Math.floor(at / 1000) - 30;
    const token = await new SignJWT({
      sub: user,
      email: `${user}@example.com`,
      iat,
      exp: iat + 3600,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode(value));
    scenario.tokens.push(token);
    return token;
  };
  const post = async (pathname: string, body: unknown) => {
    const response = await postJson(`${baseUrl}${pathname}`, body, scenario.ingest);
    if (response.status !== 202)
      throw new Error(`POST ${pathname}: ${response.status} ${await response.text()}`);
  };
  const sample = () =>
    structuredClone(specFixture('failure-websocket-validation.json')) as Record<string, unknown>;
  const failure = (
    instance: string,
    user: string | null,
    at: number,
    token: string | null,
    payload = sample(),
  ) => ({
    environment: 'staging',
    service: 'backend-websocket',
    instance,
    user,
    occurred_at: iso(at),
    close_code: 4003,
    ...(token ? { token } : {}),
    payload,
  });

  // Incident 1: every service on staging-primary, then ws-7f9c restarts and its chain picks JWT_SECRET_KEY.
  await post('/api/v1/fingerprints', {
    reports: [
      report('auth-service', 'auth-1', secrets.primary, 'env:JWT_SECRET_STAGING', t1 - HOUR),
      report('backend-rest', 'rest-1', secrets.primary, 'env:JWT_SECRET_STAGING', t1 - HOUR),
      report('backend-websocket', 'ws-7f9c', secrets.primary, 'env:JWT_SECRET_STAGING', t1 - HOUR),
    ],
  });
  await post(
    '/api/v1/fingerprints',
    report('backend-websocket', 'ws-7f9c', secrets.legacy, 'env:JWT_SECRET_KEY', t1 + MINUTE),
  );
  const first: unknown[] = [];
  for (let i = 0; i < 12; i++) {
    const at = t1 + 90_000 + i * 30_000;
    const user = `staging-e2e-user-00${(i % 2) + 1}`;
    first.push(failure('ws-7f9c', user, at, await sign(secrets.primary, user, at)));
  }
  const noToken = sample() as {
    details: {
      failure_context: {
        auth_headers: Record<string, unknown>;
        token_characteristics: Record<string, unknown>;
      };
    };
  };
  noToken.details.failure_context.auth_headers = {
    authorization_present: false,
    websocket_protocol: '[MISSING]',
  };
  noToken.details.failure_context.token_characteristics = { length: 0, dot_count: 0 };
  first.push(
    failure(
      'ws-7f9c',
      null,
      t1 + 90_000 + 12 * 30_000,
      null,
      noToken as unknown as Record<string, unknown>,
    ),
  );
  first.push(
    failure(
      'ws-7f9c',
      null,
      t1 + 90_000 + 13 * 30_000,
      null,
      noToken as unknown as Record<string, unknown>,
    ),
  );
  first.push(
    failure(
      'ws-7f9c',
      'staging-e2e-user-001',
      t1 + 90_000 + 14 * 30_000,
      `opaque${randomBytes(16).toString('hex')}`,
    ),
  );
  await post('/api/v1/failures', { events: first });

  // The fix: ws-7f9c back on JWT_SECRET_STAGING. Later the secret moves to the secret manager (v4).
  await post('/api/v1/fingerprints', {
    reports: [
      report(
        'backend-websocket',
        'ws-7f9c',
        secrets.primary,
        'env:JWT_SECRET_STAGING',
        t1 + 30 * MINUTE,
      ),
      report('auth-service', 'auth-1', secrets.v4, 'aws-sm:staging/jwt', t2 - 3 * HOUR, '4'),
      report('backend-websocket', 'ws-1', secrets.v4, 'aws-sm:staging/jwt', t2 - 3 * HOUR, '4'),
      report('backend-websocket', 'ws-2', secrets.v4, 'aws-sm:staging/jwt', t2 - 3 * HOUR, '4'),
    ],
  });
  // Incident 2: v5 is rotated in; auth-service and ws-1 restart onto it, ws-2 keeps v4.
  await post('/api/v1/fingerprints', {
    reports: [
      report('auth-service', 'auth-1', secrets.v5, 'aws-sm:staging/jwt', t2 - 5 * MINUTE, '5'),
      report('backend-websocket', 'ws-1', secrets.v5, 'aws-sm:staging/jwt', t2 - 2 * MINUTE, '5'),
    ],
  });
  const second: unknown[] = [];
  for (let i = 0; i < 8; i++) {
    const at = t2 + i * MINUTE;
    second.push(
      failure(
        'ws-2',
        'staging-e2e-user-002',
        at,
        await sign(secrets.v5, 'staging-e2e-user-002', at),
      ),
    );
  }
  await post('/api/v1/failures', { events: second });
}

/** The incident page's address for a window: absolute times, as a share link carries them. */
export function incidentPath(facts: IncidentFacts, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams({
    environment: facts.environment,
    from: new Date(facts.from).toISOString(),
    to: new Date(facts.to).toISOString(),
    ...extra,
  });
  return `/incidents/new?${query}`;
}
