import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKeyFixture, type KeyFixture } from '../helpers/fleetKeys';
import { postJson, startServer, type RunningServer } from '../helpers/server';

let keys: KeyFixture;
let server: RunningServer;

beforeAll(async () => {
  keys = await buildKeyFixture();
  server = await startServer(keys.env);
});

afterAll(async () => {
  await server?.stop();
  await keys?.jwks.close();
});

async function inspect(token: string, extra: Record<string, unknown> = {}) {
  const response = await postJson(`${server.url}/api/v1/inspect`, { token, ...extra });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

describe('POST /api/v1/inspect against the real server', () => {
  it.each([
    ['env: HS256 secret', 'envHs256', 'staging-primary'],
    ['file: hex HS384 secret', 'fileHex', 'prod-hex'],
    ['file: PEM RSA public key', 'filePem', 'prod-rsa'],
    ['file: JWK EC public key', 'fileJwk', 'prod-ec'],
    ['jwks: set served over HTTP', 'jwks', 'prod-jwks'],
    ['inline public jwk', 'inlineJwk', 'dev-inline'],
  ] as const)('names the key loaded from %s', async (_label, signer, keyId) => {
    const { status, body } = await inspect(await keys.sign[signer]());
    expect(status).toBe(200);
    expect(body.verified_by).toEqual([keyId]);
    expect(body.structure.kind).toBe('jws');
    expect(body.findings.map((finding: { code: string }) => finding.code)).not.toContain(
      'no_key_verifies',
    );
  });

  it('answers with no-store and without the signature', async () => {
    const token = await keys.sign.envHs256();
    const { headers, body } = await inspect(`Bearer ${token}`);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(JSON.stringify(body)).not.toContain(token.split('.')[2]);
    expect(body.normalized.stripped).toContain('bearer_prefix');
  });

  it('still names the signer of an expired token and flags it expired', async () => {
    const { body } = await inspect(
      await keys.sign.envHs256({ exp: Math.floor(Date.now() / 1000) - 3600 }),
    );
    expect(body.verified_by).toEqual(['staging-primary']);
    expect(body.findings.map((finding: { code: string }) => finding.code)).toContain('expired');
  });

  it('uses the signer environment for the fleet section unless one is chosen', async () => {
    const token = await keys.sign.envHs256();
    expect((await inspect(token)).body.fleet.environment).toBe('staging');
    expect((await inspect(token, { environment: 'production' })).body.fleet.environment).toBe(
      'production',
    );
  });

  it('lists the keyring without material', async () => {
    const response = await fetch(`${server.url}/api/v1/keys`);
    const body = await response.json();
    expect(response.status).toBe(200);
    expect(body.items.map((key: { id: string }) => key.id)).toEqual(
      expect.arrayContaining([
        'staging-primary',
        'prod-hex',
        'prod-rsa',
        'prod-ec',
        'prod-jwks',
        'dev-inline',
      ]),
    );
    const staging = body.items.find((key: { id: string }) => key.id === 'staging-primary');
    expect(staging.fingerprint).toMatch(/^hmac-sha256\/16:[0-9a-f]{16}$/);
    const text = JSON.stringify(body);
    for (const canary of keys.canaries) expect(text).not.toContain(canary);
  });

  it('keeps verifying with the cached JWKS keys when the JWKS server goes down, and shows it', async () => {
    const token = await keys.sign.jwks();
    await keys.jwks.close();
    // The fixture's JWKS has a 1 s TTL: the next inspection re-fetches, fails, and keeps the keys.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const { body } = await inspect(token);
    expect(body.verified_by).toEqual(['prod-jwks']);
    const keysBody = await (await fetch(`${server.url}/api/v1/keys`)).json();
    const jwks = keysBody.items.find((key: { id: string }) => key.id === 'prod-jwks');
    expect(jwks.status).toBe('stale');
    expect(jwks.jwks.error).toMatch(/unreachable|no answer|HTTP/);
  });
});

describe('bad input to POST /api/v1/inspect', () => {
  it('answers 413 to a 1 MiB body', async () => {
    const response = await postJson(`${server.url}/api/v1/inspect`, {
      token: 'a'.repeat(1024 * 1024),
    });
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe('payload_too_large');
  });

  it('answers 400 to a body that is not JSON', async () => {
    const response = await postJson(`${server.url}/api/v1/inspect`, 'this is { not json');
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('invalid_json');
  });

  it('answers 400 naming the path when token is not a string', async () => {
    const response = await postJson(`${server.url}/api/v1/inspect`, { token: 42 });
    const body = await response.json();
    expect(response.status).toBe(400);
    expect(body.error.issues[0].path).toBe('token');
  });

  it('answers 200 with malformed for random bytes as a token', async () => {
    for (let round = 0; round < 50; round++) {
      const bytes = Buffer.from(
        Array.from({ length: 1 + Math.floor(Math.random() * 400) }, () =>
          Math.floor(Math.random() * 256),
        ),
      );
      const { status, body } = await inspect(bytes.toString('latin1'));
      expect(status).toBe(200);
      expect(body.structure.kind).toBe('malformed');
      expect(body.findings[0].code).toBe('malformed');
    }
  });

  it.each([
    ['an empty object', {}],
    ['an array', []],
    ['null', null],
    ['unknown fields', { token: 'x', extra: true }],
  ])('answers 400, never 500, to %s', async (_label, body) => {
    const response = await postJson(`${server.url}/api/v1/inspect`, body);
    expect(response.status).toBe(400);
  });
});
