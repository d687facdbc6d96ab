import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Keyring } from '../../../lib/keys';
import { b64url, hmacJwt, hmacSignature, segment } from '../jwt/craft';
import { loadTestKeyring } from '../keys/testKeyring';
import { codesOf, inspectAt, NOW_S } from './inspectAt';

const STAGING = `staging-${randomBytes(24).toString('hex')}`;
const SHARED = `shared-${randomBytes(24).toString('hex')}`;
let keyring: Keyring;

beforeAll(async () => {
  ({ keyring } = await loadTestKeyring({
    keys: [
      { id: 'staging-primary', environment: 'staging', from: 'env:STAGING' },
      { id: 'dev-shared', environment: 'development', from: 'env:SHARED' },
      { id: 'prod-shared', environment: 'production', from: 'env:SHARED' },
    ],
    env: { STAGING, SHARED },
  }));
});

const token = (
  secret = STAGING,
  claims: Record<string, unknown> = { sub: 'user-1', iat: NOW_S - 60, exp: NOW_S + 3600 },
) => hmacJwt({ alg: 'HS256', typ: 'JWT' }, claims, secret);

describe('inspectToken: the inspection report (docs/openapi.json, InspectionReport)', () => {
  it('says what was stripped and how long the bare token is', async () => {
    const bare = token();
    const report = await inspectAt(`Authorization: Bearer ${bare}\n`, keyring);
    expect(report.normalized).toEqual({
      stripped: expect.arrayContaining(['header_name', 'bearer_prefix', 'whitespace']),
      length: bare.length,
    });
    expect(report.verified_by).toEqual(['staging-primary']);
  });

  it('describes the structure part by part', async () => {
    const bare = token();
    const report = await inspectAt(bare, keyring);
    expect(report.structure).toEqual({
      kind: 'jws',
      problems: [],
      parts: bare.split('.').map((part, index) => ({
        name: ['header', 'payload', 'signature'][index],
        length: part.length,
        valid: true,
        encoding: [],
      })),
    });
  });

  it('gives one verification row per key tried, with its environment, source and fingerprint', async () => {
    const report = await inspectAt(token(), keyring);
    expect(report.verification).toEqual(
      keyring.views().map((view) => ({
        key_id: view.id,
        environment: view.environment,
        source: view.source,
        fingerprint: view.fingerprint,
        alg: null,
        kid: null,
        verified: view.id === 'staging-primary',
        reason: view.id === 'staging-primary' ? null : 'bad_signature',
      })),
    );
  });

  it('names every key holding the same secret, once each', async () => {
    expect((await inspectAt(token(SHARED), keyring)).verified_by).toEqual([
      'dev-shared',
      'prod-shared',
    ]);
  });

  it('names the signer of an expired token: the signature alone decides', async () => {
    const report = await inspectAt(
      token(STAGING, { sub: 'user-1', iat: NOW_S - 7200, exp: NOW_S - 3600 }),
      keyring,
    );
    expect(report.verified_by).toEqual(['staging-primary']);
    expect(codesOf(report)).toContain('expired');
    expect(report.timing?.claims.find((claim) => claim.claim === 'exp')?.seconds_from_now).toBe(
      -3600,
    );
  });

  it('verifies a token whose payload is plain text, and shows the text', async () => {
    const input = `${segment({ alg: 'HS256' })}.${b64url('not json, just text')}`;
    const report = await inspectAt(`${input}.${hmacSignature(input, 'HS256', STAGING)}`, keyring);
    expect(report).toMatchObject({
      claims: null,
      payload_text: 'not json, just text',
      verified_by: ['staging-primary'],
    });
  });

  it('reads only the protected header of a JWE and tries no key', async () => {
    const jwe = [
      segment({ alg: 'dir', enc: 'A128GCM' }),
      '',
      b64url(randomBytes(12)),
      b64url(randomBytes(30)),
      b64url(randomBytes(16)),
    ].join('.');
    const report = await inspectAt(jwe, keyring);
    expect(report).toMatchObject({
      structure: { kind: 'jwe' },
      header: { alg: 'dir', enc: 'A128GCM' },
      claims: null,
      timing: null,
      verification: [],
      verified_by: [],
    });
    expect(codesOf(report)).toEqual(['jwe']);
  });

  it('reports a malformed paste with its problems and nothing else to verify', async () => {
    const report = await inspectAt('Bearer not-a-token', keyring);
    expect(report).toMatchObject({
      structure: {
        kind: 'malformed',
        problems: ['wrong part count: 1 part (a JWS has 3, a JWE has 5)'],
      },
      header: null,
      verification: [],
    });
    expect(codesOf(report)).toEqual(['malformed', 'bearer_prefix']);
  });

  it('never contains the signature or the token itself', async () => {
    const bare = token();
    const report = JSON.stringify(await inspectAt(bare, keyring));
    expect(report).not.toContain(bare.split('.')[2]);
    expect(report).not.toContain(bare);
  });

  it('predicts nothing about the fleet when no fleet state is given', async () => {
    expect((await inspectAt(token(), keyring)).fleet).toEqual({
      environment: 'staging',
      services: [],
    });
  });
});
