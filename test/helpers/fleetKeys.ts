import { randomBytes } from 'node:crypto';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

/** Every encoding a leaked secret could show up in. */
export function encodingsOf(secret: Uint8Array | string): string[] {
  const bytes = Buffer.from(secret);
  return [
    bytes.toString('utf8'),
    bytes.toString('hex'),
    bytes.toString('base64'),
    bytes.toString('base64url'),
  ].filter((text) => text.length >= 8);
}

export interface KeyFixture {
  dir: string;
  configFile: string;
  env: Record<string, string>;
  /** Canary secret material that must never leave the server. */
  canaries: string[];
  sign: Record<
    'envHs256' | 'fileHex' | 'filePem' | 'fileJwk' | 'jwks' | 'inlineJwk',
    (claims?: Record<string, unknown>) => Promise<string>
  >;
  jwks: { url: string; close: () => Promise<void>; requests: () => number };
}

/**
 * A config mixing every source kind (env, file raw/PEM/JWK, jwks served by a real local HTTP
 * server, inline jwk), with a signer for each, so tests can check who verifies what.
 */
export async function buildKeyFixture(): Promise<KeyFixture> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'authscope-keys-'));
  const envSecret = `canary-env-${randomBytes(24).toString('hex')}`;
  const hexSecret = randomBytes(48);
  writeFileSync(path.join(dir, 'hs384.hex'), hexSecret.toString('hex') + '\n');

  const rsa = await generateKeyPair('RS256', { extractable: true });
  writeFileSync(path.join(dir, 'rsa.pem'), await exportSPKI(rsa.publicKey));
  const ec = await generateKeyPair('ES256', { extractable: true });
  writeFileSync(
    path.join(dir, 'ec.jwk.json'),
    JSON.stringify({ ...(await exportJWK(ec.publicKey)), kid: 'ec-file' }),
  );
  const ed = await generateKeyPair('EdDSA', { extractable: true, crv: 'Ed25519' });
  const inline = await generateKeyPair('ES384', { extractable: true });

  let requests = 0;
  const jwksBody = JSON.stringify({
    keys: [{ ...(await exportJWK(ed.publicKey)), kid: 'ed-1', alg: 'EdDSA' }],
  });
  const server: Server = createServer((_request, response) => {
    requests++;
    response.writeHead(200, { 'content-type': 'application/json' }).end(jwksBody);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/jwks.json`;

  const config = {
    environments: ['development', 'staging', 'production'],
    keys: [
      {
        id: 'staging-primary',
        environment: 'staging',
        from: 'env:JWT_SECRET_STAGING',
        alg: 'HS256',
      },
      { id: 'prod-hex', environment: 'production', from: 'file:hs384.hex', encoding: 'hex' },
      { id: 'prod-rsa', environment: 'production', from: 'file:rsa.pem' },
      { id: 'prod-ec', environment: 'production', from: 'file:ec.jwk.json' },
      { id: 'prod-jwks', environment: 'production', from: `jwks:${jwksUrl}`, refresh: '1s' },
      {
        id: 'dev-inline',
        environment: 'development',
        jwk: { ...(await exportJWK(inline.publicKey)), kid: 'inline-1' },
      },
    ],
  };
  const configFile = path.join(dir, 'authscope.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));

  const signer =
    (alg: string, key: CryptoKey | Uint8Array, kid?: string) =>
    (claims: Record<string, unknown> = {}) =>
      new SignJWT({ sub: 'user-1', iat: now(), exp: now() + 3600, ...claims })
        .setProtectedHeader({ alg, ...(kid ? { kid } : {}) })
        .sign(key);
  const now = () => Math.floor(Date.now() / 1000);

  return {
    dir,
    configFile,
    env: { AUTHSCOPE_CONFIG: configFile, JWT_SECRET_STAGING: envSecret },
    canaries: [...encodingsOf(envSecret), ...encodingsOf(hexSecret)],
    sign: {
      envHs256: signer('HS256', new TextEncoder().encode(envSecret)),
      fileHex: signer('HS384', new Uint8Array(hexSecret)),
      filePem: signer('RS256', rsa.privateKey),
      fileJwk: signer('ES256', ec.privateKey, 'ec-file'),
      jwks: signer('EdDSA', ed.privateKey, 'ed-1'),
      inlineJwk: signer('ES384', inline.privateKey, 'inline-1'),
    },
    jwks: {
      url: jwksUrl,
      requests: () => requests,
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    },
  };
}

export type { JWK };
