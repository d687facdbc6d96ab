import { generateKeyPairSync, randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../lib/config';
import { inspectToken } from '../../../lib/inspect';
import { hmacFingerprint, Keyring } from '../../../lib/keys';
import { buildKeyFixture, type KeyFixture } from '../../helpers/fleetKeys';
import { loadTestKeyring, TEST_PEPPER } from './testKeyring';

describe('Keyring.load: env: and file: sources', () => {
  it('gives one secret the same fingerprint whichever encoding it is written in', async () => {
    const secret = Buffer.from(`staging-${randomBytes(24).toString('hex')}`);
    const { keyring } = await loadTestKeyring({
      keys: [
        { id: 'as-utf8', environment: 'staging', from: 'env:UTF8' },
        { id: 'as-base64', environment: 'staging', from: 'env:B64', encoding: 'base64' },
        { id: 'as-base64url', environment: 'staging', from: 'env:B64URL', encoding: 'base64url' },
        { id: 'as-hex', environment: 'staging', from: 'file:secret.hex', encoding: 'hex' },
      ],
      env: {
        UTF8: secret.toString('utf8'),
        B64: secret.toString('base64'),
        B64URL: secret.toString('base64url'),
      },
      files: { 'secret.hex': `${secret.toString('hex')}\n` },
    });
    const expected = hmacFingerprint(TEST_PEPPER.bytes, secret);
    expect(keyring.views().map((view) => view.fingerprint)).toEqual([
      expected,
      expected,
      expected,
      expected,
    ]);
  });

  it('keeps loading the other keys when one cannot be loaded, and says why', async () => {
    const { keyring, dir } = await loadTestKeyring({
      keys: [
        { id: 'unset', environment: 'staging', from: 'env:NOT_SET', alg: 'HS256' },
        { id: 'missing-file', environment: 'staging', from: 'file:nowhere/key.pem' },
        { id: 'bad-hex', environment: 'staging', from: 'env:BAD_HEX', encoding: 'hex' },
        { id: 'fine', environment: 'staging', from: 'env:FINE' },
      ],
      env: { BAD_HEX: 'not hex at all', FINE: randomBytes(32).toString('hex') },
    });
    expect(
      keyring.views().map(({ id, status, error, kind, alg, fingerprint }) => ({
        id,
        status,
        error,
        kind,
        alg,
        fingerprint,
      })),
    ).toEqual([
      {
        id: 'unset',
        status: 'error',
        error: 'environment variable NOT_SET is not set',
        kind: null,
        alg: 'HS256',
        fingerprint: null,
      },
      {
        id: 'missing-file',
        status: 'error',
        error: `file ${path.join(dir, 'nowhere/key.pem')} does not exist`,
        kind: null,
        alg: null,
        fingerprint: null,
      },
      {
        id: 'bad-hex',
        status: 'error',
        error: 'the value is not valid hex',
        kind: null,
        alg: null,
        fingerprint: null,
      },
      {
        id: 'fine',
        status: 'ok',
        error: null,
        kind: 'oct',
        alg: null,
        fingerprint: expect.stringMatching(/^hmac-sha256\/16:/),
      },
    ]);
    expect(keyring.keys().map((key) => key.keyId)).toEqual(['fine']);
  });

  it('resolves a relative file: path against the config file folder', async () => {
    const pem = generateKeyPairSync('ed25519')
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    const { keyring } = await loadTestKeyring({
      keys: [{ id: 'ed', environment: 'production', from: 'file:ed.pem' }],
      files: { 'ed.pem': pem },
    });
    expect(keyring.views()[0]).toMatchObject({ status: 'ok', kind: 'OKP', source: 'file:ed.pem' });
  });

  it('loads every key of a JWK Set file under one id, and reports the keys it skipped', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({
      format: 'jwk',
    });
    const { keyring } = await loadTestKeyring({
      keys: [{ id: 'set', environment: 'production', from: 'file:jwks.json' }],
      files: {
        'jwks.json': JSON.stringify({
          keys: [{ ...ec, kid: 'a' }, { kty: 'XYZ' }, { ...ec, kid: 'b', alg: 'ES256' }],
        }),
      },
    });
    expect(keyring.views().map((view) => [view.id, view.kid, view.alg])).toEqual([
      ['set', 'a', null],
      ['set', 'b', 'ES256'],
    ]);
    expect(keyring.hasKid('b')).toBe(true);
    expect(keyring.hasKid('c')).toBe(false);
  });

  it('lets the config alg override the alg of the key material', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({
      format: 'jwk',
    });
    const { keyring } = await loadTestKeyring({
      keys: [{ id: 'ec', environment: 'production', jwk: { ...ec, alg: 'ES384' }, alg: 'ES256' }],
    });
    expect(keyring.views()[0].alg).toBe('ES256');
  });

  it('shows no key material in its views', async () => {
    const secret = `canary-${randomBytes(16).toString('hex')}`;
    const { keyring } = await loadTestKeyring({
      keys: [{ id: 'k', environment: 'staging', from: 'env:K' }],
      env: { K: secret },
    });
    const shown = JSON.stringify(keyring.views());
    expect(shown).not.toContain(secret);
    expect(shown).not.toContain(Buffer.from(secret).toString('hex'));
    expect(Object.keys(keyring.views()[0]).sort()).toEqual([
      'alg',
      'environment',
      'error',
      'fingerprint',
      'id',
      'jwks',
      'kid',
      'kind',
      'source',
      'status',
      'weak',
    ]);
  });
});

describe('Keyring.load: every source kind names its signer', () => {
  let fixture: KeyFixture;
  let keyring: Keyring;

  beforeAll(async () => {
    fixture = await buildKeyFixture();
    const env = { NODE_ENV: 'test' as const, ...fixture.env };
    keyring = await Keyring.load(loadConfig(fixture.configFile), { env, pepper: TEST_PEPPER });
  });
  afterAll(() => fixture.jwks.close());

  it.each([
    ['envHs256', 'staging-primary'],
    ['fileHex', 'prod-hex'],
    ['filePem', 'prod-rsa'],
    ['fileJwk', 'prod-ec'],
    ['jwks', 'prod-jwks'],
    ['inlineJwk', 'dev-inline'],
  ] as const)('a token from the %s signer is verified by %s alone', async (signer, keyId) => {
    const report = await inspectToken(await fixture.sign[signer](), {
      keyring,
      now: new Date(),
      clockSkewSeconds: 60,
      maxLifetimeSeconds: 86_400,
    });
    expect(report.verified_by).toEqual([keyId]);
  });
});
