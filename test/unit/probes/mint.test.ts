import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  exportPKCS8,
  exportSPKI,
  generateKeyPair,
  jwtVerify,
} from 'jose';
import { describe, expect, it } from 'vitest';
import type { KeySpec } from '../../../lib/config';
import { mintToken } from '../../../lib/probes/mint';

const NOW = Date.parse('2026-12-01T10:00:00Z');
const spec = { key: 'k', sub: 'authscope-probe', claims: { aud: 'chat' }, lifetime: '5m' };
const keySpec = (fields: Partial<KeySpec>): KeySpec =>
  ({ id: 'k', environment: 'staging', probe: true, ...fields }) as KeySpec;

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'authscope-mint-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('mintToken', () => {
  it('signs HS256 with an env: secret, with sub, claims, iat and an exp at most 5 minutes later', async () => {
    const result = await mintToken(
      spec,
      keySpec({ from: 'env:SECRET' }),
      { env: { NODE_ENV: 'test', SECRET: 's'.repeat(40) }, baseDir: '/' },
      NOW,
    );
    if (!result.ok) throw new Error(result.reason);
    const claims = decodeJwt(result.token);
    expect(decodeProtectedHeader(result.token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(claims).toMatchObject({
      sub: 'authscope-probe',
      aud: 'chat',
      iat: NOW / 1000,
      exp: NOW / 1000 + 300,
    });
    expect(typeof claims.jti).toBe('string');
  });

  it('signs with a private PEM file (ES256) and a private JWK file (RS256, its kid)', async () => {
    const ec = await generateKeyPair('ES256', { extractable: true });
    const rsa = await generateKeyPair('RS256', { extractable: true });
    const dir = folder({
      'ec.pem': await exportPKCS8(ec.privateKey),
      'rsa.jwk.json': JSON.stringify({ ...(await exportJWK(rsa.privateKey)), kid: 'rsa-1' }),
    });
    const context = { env: {} as NodeJS.ProcessEnv, baseDir: dir };
    const byEc = await mintToken(spec, keySpec({ from: 'file:ec.pem' }), context, Date.now());
    const byRsa = await mintToken(
      spec,
      keySpec({ from: 'file:rsa.jwk.json' }),
      context,
      Date.now(),
    );
    if (!byEc.ok || !byRsa.ok) throw new Error('expected tokens');
    await jwtVerify(byEc.token, ec.publicKey);
    await jwtVerify(byRsa.token, rsa.publicKey);
    expect(decodeProtectedHeader(byRsa.token)).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'rsa-1' });
  });

  it('refuses a public key as a token_error without saying anything of the key', async () => {
    const ec = await generateKeyPair('ES256', { extractable: true });
    const dir = folder({ 'ec.pub.pem': await exportSPKI(ec.publicKey) });
    const result = await mintToken(
      spec,
      keySpec({ from: 'file:ec.pub.pem' }),
      { env: {} as NodeJS.ProcessEnv, baseDir: dir },
      NOW,
    );
    expect(result).toEqual({
      ok: false,
      outcome: 'token_error',
      reason: 'key "k": is a public key or certificate: it cannot sign',
    });
  });

  it('refuses a key not marked probe and an unset variable', async () => {
    expect(
      await mintToken(
        spec,
        keySpec({ from: 'env:SECRET', probe: false }),
        { env: {} as NodeJS.ProcessEnv, baseDir: '/' },
        NOW,
      ),
    ).toMatchObject({ ok: false, reason: 'key "k" is not a probe key' });
    expect(
      await mintToken(
        spec,
        keySpec({ from: 'env:UNSET' }),
        { env: {} as NodeJS.ProcessEnv, baseDir: '/' },
        NOW,
      ),
    ).toMatchObject({
      ok: false,
      outcome: 'token_error',
      reason: 'key "k": environment variable UNSET is not set',
    });
  });
});
