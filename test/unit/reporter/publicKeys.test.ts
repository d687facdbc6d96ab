import { createServer, type Server } from 'node:http';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFingerprintInput } from '../../../lib/fleet';
import { publicKeySource, Reporter } from '../../../lib/reporter';

const JWKS_URL = 'http://127.0.0.1:4100/.well-known/jwks.json';
let server: Server;
let url: string;
const bodies: unknown[] = [];
let privateJwk: JWK;
let publicJwk: JWK;
let oldJwk: JWK;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  privateJwk = { ...(await exportJWK(pair.privateKey)), kid: 'k2', alg: 'ES256' };
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k2', alg: 'ES256' };
  oldJwk = { ...(await exportJWK((await generateKeyPair('ES256')).publicKey)), kid: 'k1' };
  server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      bodies.push(JSON.parse(text));
      response.statusCode = 202;
      response.end('{"accepted":1,"changes":1}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('lib/reporter: issuer and verifier shapes', () => {
  it('an issuer handing its private JWK sends only kid, thumbprint and URL', async () => {
    const reporter = new Reporter({
      url,
      ingestKey: 'k',
      environment: 'staging',
      service: 'auth',
      instance: 'auth-1',
    });
    expect(
      await reporter.reportFingerprint(
        await publicKeySource({ signing: { jwk: privateJwk, jwksUrl: JWKS_URL } }),
      ),
    ).toBe(true);
    await reporter.close();
    const body = bodies.at(-1) as Record<string, unknown>;
    const thumbprint = await calculateJwkThumbprint(publicJwk, 'sha256');
    expect(body).toMatchObject({
      fingerprint: `jwk-thumbprint:${thumbprint}`,
      algorithm: 'ES256',
      source: `jwks:${JWKS_URL}`,
      signing: { kid: 'k2', thumbprint, jwks_url: JWKS_URL },
    });
    const text = JSON.stringify(body);
    for (const material of [privateJwk.d!, privateJwk.x!, privateJwk.y!])
      expect(text).not.toContain(material);
    expect(parseFingerprintInput(body).ok).toBe(true);
  });

  it('a verifier sends its cache: each kid and thumbprint, when fetched, for how long', async () => {
    const reporter = new Reporter({
      url,
      ingestKey: 'k',
      environment: 'staging',
      service: 'api',
      instance: 'api-2',
    });
    const fetchedAt = new Date('2026-11-20T09:10:00Z');
    await reporter.reportFingerprint(
      await publicKeySource({
        trust: {
          jwksUrl: JWKS_URL,
          fetchedAt,
          maxAgeSeconds: 3600,
          keys: [oldJwk, publicJwk],
          currentKid: 'k1',
        },
      }),
    );
    await reporter.close();
    const body = bodies.at(-1) as Record<string, unknown>;
    const oldThumbprint = await calculateJwkThumbprint(oldJwk, 'sha256');
    expect(body.fingerprint).toBe(`jwk-thumbprint:${oldThumbprint}`);
    expect(body.trust).toEqual({
      jwks_url: JWKS_URL,
      fetched_at: '2026-11-20T09:10:00.000Z',
      max_age_seconds: 3600,
      keys: [
        { kid: 'k1', thumbprint: oldThumbprint },
        { kid: 'k2', thumbprint: await calculateJwkThumbprint(publicJwk, 'sha256') },
      ],
    });
    expect(JSON.stringify(body)).not.toContain(publicJwk.x!);
    expect(parseFingerprintInput(body).ok).toBe(true);
  });

  it('refuses a key without kid and an empty report at the call', async () => {
    await expect(publicKeySource({})).rejects.toThrow(/signing key, a trust set/);
    const { kid: _kid, ...anonymous } = publicJwk;
    await expect(
      publicKeySource({ signing: { jwk: anonymous, jwksUrl: JWKS_URL } }),
    ).rejects.toThrow(/kid/);
  });
});
